// The link to this page in the other language keeps where the visitor is. The server writes the
// page's own parameters (those named in the link's data-ndl-keep: the example, its step...) into
// the link when it draws the page, but moving between the steps of an example changes the address
// without redrawing the link. So, as the link is followed, those parameters are taken from the
// address as it is now; everything else (the language and the visitor's choices) stays as the link
// says. Without this script the link still works, with the parameters the page was drawn with.
(function () {
  if (window.ndlLanguageLinks) {
    return;
  }
  window.ndlLanguageLinks = true;
  var plainValue = /^[A-Za-z0-9-]{1,80}$/;  // as the server's check (frame._PLAIN_VALUE)
  var followLanguageLink = function (event) {
    var link = event.target && event.target.closest ?
      event.target.closest("a[data-ndl-keep]") : null;
    if (!link) {
      return;
    }
    try {
      var keep = link.getAttribute("data-ndl-keep").split(" ");
      var url = new URL(link.getAttribute("href"), window.location.href);
      var now = new URLSearchParams(window.location.search);
      var params = new URLSearchParams();
      keep.forEach(function (key) {
        if (key && plainValue.test(now.get(key) || "")) {
          params.set(key, now.get(key));
        }
      });
      url.searchParams.forEach(function (value, key) {
        if (keep.indexOf(key) < 0) {
          params.set(key, value);
        }
      });
      url.search = params.toString();
      link.setAttribute("href", url.pathname + url.search + url.hash);
    } catch (error) {
      // an address we cannot read: follow the link as it was drawn
    }
  };
  // Before the browser follows the link: a click, Enter, or a middle-click / context menu.
  document.addEventListener("click", followLanguageLink, true);
  document.addEventListener("auxclick", followLanguageLink, true);
  document.addEventListener("contextmenu", followLanguageLink, true);
})();
