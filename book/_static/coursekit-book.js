/* coursekit: keyboard and screen-reader fixes for the course book (every page, deferred).
 * - Each solution's toggle button is named for its exercise ("Show solution to Exercise 4.1",
 *   "Hide ..." once open) instead of togglebutton's "Toggle hidden content".
 * - The colour-mode button keeps the focus after it is pressed (sphinx-book-theme blurs it, so
 *   a keyboard user would be thrown back to the top of the page). */
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

  function keepThemeButtonFocus() {
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      button.addEventListener("click", function () { button.focus(); });
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

  function start() { nameSolutionButtons(); keepThemeButtonFocus(); landmarkSidebar(); }

  // Loaded with `defer`, so this runs before DOMContentLoaded: togglebutton.js adds its buttons
  // in a DOMContentLoaded listener registered before this one.
  if (document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
