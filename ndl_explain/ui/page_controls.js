// Moving around a long page on a phone. Streamlit scrolls inside its main area, not the document, so:
// - "Back to top" (a link to #ndl-top) scrolls the main area to the top and puts the keyboard focus
//   on the page's title, so the next Tab starts from there;
// - Streamlit's "Skip to main content" goes past the site's header, menu and banner to the title;
// - "Show less detail" takes the visitor to the top as the page shrinks back to "In short";
// - after Back or Next in a walkthrough, the new step's heading is scrolled into view (the buttons
//   are below the diagram, so the heading would otherwise be off the screen, above it).
// Without this script the link still changes the address and the buttons still work.
(function () {
  if (window.ndlPageControls) {
    return;
  }
  window.ndlPageControls = true;
  var main = function () {
    return document.querySelector('[data-testid="stMain"]');
  };
  var toTop = function () {
    var area = main();
    if (area) {
      area.scrollTo({ top: 0 });
    }
    var title = document.querySelector('[data-testid="stMain"] h1');
    if (title) {
      title.setAttribute("tabindex", "-1");
      title.focus({ preventScroll: true });
    }
  };
  var toTitle = function () {
    var title = document.querySelector('[data-testid="stMain"] h1');
    title.setAttribute("tabindex", "-1");
    title.focus({ preventScroll: true });
    title.scrollIntoView({ block: "start" });
  };
  var stepHeading = function () {
    return document.querySelector(".st-key-wt_step h3");
  };
  // Wait (up to 5 s) until the step heading's text differs from ``before``, then bring it into view.
  // After a tap or a click the heading goes to the top of the screen. After Enter or Space (a
  // keyboard user, whose focus stays on the button) it does so only if the focused button stays on
  // the screen too; otherwise the focus is kept in view (WCAG 2.4.11).
  var followStep = function (before, byKeyboard) {
    var started = Date.now();
    var look = function () {
      var heading = stepHeading();
      if (heading && heading.textContent !== before) {
        var focus = document.activeElement;
        var area = main();
        if (byKeyboard && focus && focus !== document.body && area) {
          var top = heading.getBoundingClientRect().top;
          var bottom = focus.getBoundingClientRect().bottom;
          if (bottom - top <= area.clientHeight) {
            heading.scrollIntoView({ block: "start" });
          } else {
            focus.scrollIntoView({ block: "nearest" });
          }
        } else {
          heading.scrollIntoView({ block: "start" });
        }
        return;
      }
      if (Date.now() - started < 5000) {
        window.setTimeout(look, 50);
      }
    };
    window.setTimeout(look, 50);
  };
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) {
      return;
    }
    if (target.closest('a[href="#ndl-top"]')) {
      event.preventDefault();
      toTop();
      return;
    }
    if (target.closest('[data-testid="stSkipToContent"]') && document.querySelector('[data-testid="stMain"] h1')) {
      // after Streamlit's own handler, which puts the focus on the whole main area
      window.setTimeout(toTitle, 0);
      return;
    }
    if (target.closest(".st-key-ndl_show_less button")) {
      window.setTimeout(toTop, 0);
      return;
    }
    if (target.closest(".st-key-wt_back button, .st-key-wt_next button")) {
      var heading = stepHeading();
      // A click made by a key (Enter, Space) has no pointer position: detail is 0.
      followStep(heading ? heading.textContent : "", event.detail === 0);
    }
  }, true);
})();
