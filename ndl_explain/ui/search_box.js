// The search box keeps the visitor's language. Streamlit's HTML sanitiser removes name="lang" from
// the form's hidden field (a form property's name, which it treats as DOM clobbering), so the field
// is drawn with data-ndl-name="lang" and gets its name back as the form is sent.
(function () {
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
