/* coursekit: give the controls of saved ipywidgets the accessible names the widget library
 * leaves out (a slider's handle does not carry its description; Play/icon buttons have no text).
 * Runs as widgets render; labels only what has a name to give, so an unlabelled control still
 * shows up in the accessibility checks. */
(function () {
  "use strict";
  var ICON_NAMES = {play: "Play", pause: "Pause", stop: "Stop", repeat: "Repeat",
                    retweet: "Repeat", refresh: "Refresh", check: "Confirm"};

  function labelOf(widget) {
    var label = widget && widget.querySelector(":scope > .widget-label");
    var text = label ? label.textContent.trim() : "";
    return text || null;
  }

  function nameSliders(root) {
    root.querySelectorAll(".widget-slider, .jupyter-widget-slider").forEach(function (w) {
      var name = labelOf(w);
      if (!name) return;
      w.querySelectorAll("[role=slider]:not([aria-label]):not([aria-labelledby])")
        .forEach(function (handle) { handle.setAttribute("aria-label", name); });
    });
  }

  function nameIconButtons(root) {
    root.querySelectorAll("button.jupyter-button:not([aria-label])").forEach(function (b) {
      if (b.textContent.trim()) return;
      var name = b.getAttribute("title");
      var icon = b.querySelector("i[class*='fa-']");
      if (!name && icon) {
        icon.classList.forEach(function (c) {
          var key = c.replace(/^fa-/, "");
          if (!name && ICON_NAMES[key]) name = ICON_NAMES[key];
        });
      }
      if (name) b.setAttribute("aria-label", name);
    });
  }

  function fix(root) { nameSliders(root); nameIconButtons(root); }

  function start() {
    if (!document.querySelector('script[type="application/vnd.jupyter.widget-view+json"]')) return;
    fix(document);
    new MutationObserver(function () { fix(document); })
      .observe(document.body, {childList: true, subtree: true});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
