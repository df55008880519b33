// Links between our own pages open in the same tab. Streamlit opens every Markdown link in a new
// tab (target="_blank"), which surprises people and breaks the Back button, most of all on phones.
// A plain click or Enter on a link to this site now stays in the tab; Ctrl/Cmd/Shift/middle-click
// still open a new one when the visitor asks for it. Links to other sites are left as they are.
if (!window.ndlSameTabLinks) {
  window.ndlSameTabLinks = true;
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 ||
        event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.target !== "_blank" || link.hasAttribute("data-ndl-new-window")) {
      return;  // (a link marked data-ndl-new-window, like the workshop's presenter view, asks for one)
    }
    var url;
    try {
      url = new URL(link.getAttribute("href"), window.location.href);
    } catch (error) {
      return;  // not an address we can read: leave the link as it is
    }
    if (url.origin === window.location.origin) {
      link.target = "_self";
    }
  }, true);
}
