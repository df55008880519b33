// The search box's two helpers.
//
// 1. It shows the words searched for. Streamlit's HTML sanitiser drops the box's whole value="..."
//    when the words look like the end of markup (a closing style or title tag, the end of a comment),
//    so the box also carries them percent-encoded in data-ndl-value (which it keeps), and they are
//    put back here. (This file must itself never hold a less-than sign followed by a letter or a
//    slash: the sanitiser would drop the whole script.)
// 2. It keeps the visitor's language. The sanitiser removes name="lang" from the form's hidden field
//    (a form property's name, which it treats as DOM clobbering), so the field is drawn with
//    data-ndl-name="lang" and gets its name back as the form is sent.
(function () {
  document.querySelectorAll("form.ndl-search input[data-ndl-value]").forEach(function (input) {
    if (input.value === "" && !input.hasAttribute("data-ndl-filled")) {
      input.setAttribute("data-ndl-filled", "");
      try {
        input.value = decodeURIComponent(input.getAttribute("data-ndl-value"));
      } catch (error) {
        // not ours: leave the box empty
      }
    }
  });
  if (window.ndlSearchBox) {
    return;
  }
  window.ndlSearchBox = true;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || !form.matches || !form.matches("form.ndl-search")) {
      return;
    }
    form.querySelectorAll("input[data-ndl-name]").forEach(function (input) {
      input.setAttribute("name", input.getAttribute("data-ndl-name"));
    });
  }, true);
})();
