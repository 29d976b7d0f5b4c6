/* coursekit: keyboard and screen-reader fixes for the course book (every page, deferred).
 * - Each solution's toggle button is named for its exercise ("Show solution to Exercise 4.1",
 *   "Hide ..." once open) instead of togglebutton's "Toggle hidden content".
 * - The colour-mode and sidebar buttons keep the focus after they are pressed (sphinx-book-theme
 *   blurs them, so a keyboard user would be thrown back to the top of the page), unless a
 *   drawer opened; closing a drawer (Escape) gives the focus back to its button. */
(function () {
  "use strict";

  function nameSolutionButtons() {
    document.querySelectorAll(".solution.dropdown").forEach(function (box) {
      var title = box.querySelector(":scope > .admonition-title");
      var button = title && title.querySelector("button.toggle-button");
      if (!button) return;
      var found = title.textContent.replace(/\s+/g, " ").match(/Exercise\s+[\d.]+/);
      var name = found ? found[0] : "this exercise";
      function update() {
        var open = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-label", (open ? "Hide" : "Show") + " solution to " + name);
      }
      update();
      new MutationObserver(update).observe(button, {attributes: true,
                                                    attributeFilter: ["aria-expanded"]});
    });
  }

  function keepButtonFocus() {
    var buttons = ".theme-switch-button, .primary-toggle, .secondary-toggle";
    // on the document, capturing: the theme's own handlers stop the event at the button
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(buttons);
      if (!button) return;
      // after the theme's handlers: a drawer that opened keeps the focus it took
      setTimeout(function () {
        if (!document.querySelector("dialog[open]")) button.focus();
      }, 0);
    }, true);
    [["primary-toggle", "pst-primary-sidebar-modal"],
     ["secondary-toggle", "pst-secondary-sidebar-modal"]].forEach(function (pair) {
      var button = document.querySelector("." + pair[0]);
      var drawer = document.getElementById(pair[1]);
      if (button && drawer) drawer.addEventListener("close", function () { button.focus(); });
    });
  }

  // The primary sidebar holds the book's title and search above its <nav>: make the whole
  // sidebar a landmark, so no content sits outside one (axe-core: region).
  function landmarkSidebar() {
    var sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "complementary");
      sidebar.setAttribute("aria-label", "Course contents");
    }
  }

  function start() { nameSolutionButtons(); keepButtonFocus(); landmarkSidebar(); }

  // Loaded with `defer`, so this runs before DOMContentLoaded: togglebutton.js adds its buttons
  // in a DOMContentLoaded listener registered before this one.
  if (document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
