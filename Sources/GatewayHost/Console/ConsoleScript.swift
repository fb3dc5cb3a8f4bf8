/// The console's one script, served as `/console/console.js`. Every page works without it. It only:
/// - fetches again, every few seconds, a region marked `data-refresh` (its seconds) while the tab is visible and the
///   region holds no focus, replacing it only when it changed (so a screen reader hears only news);
/// - asks before a form marked `data-confirm` (its question) is sent;
/// - shows only the fields of the type chosen in the select that a `data-type-of` fieldset names.
enum ConsoleScript {
    static let text = """
        "use strict";
        document.addEventListener("submit", function (event) {
          var question = event.target.getAttribute("data-confirm");
          if (question && !window.confirm(question)) event.preventDefault();
        });
        document.querySelectorAll("[data-type-of]").forEach(function (fields) {
          var select = document.getElementById(fields.getAttribute("data-type-of"));
          if (!select) return;
          var show = function () { fields.hidden = select.value !== fields.getAttribute("data-type"); };
          select.addEventListener("change", show);
          show();
        });
        document.querySelectorAll("[data-refresh]").forEach(function (region) {
          var seconds = Number(region.getAttribute("data-refresh"));
          if (!(seconds > 0) || !region.id) return;
          setInterval(function () {
            if (document.hidden || region.contains(document.activeElement)) return;
            fetch(location.href, { credentials: "same-origin" })
              .then(function (answer) { return answer.ok ? answer.text() : null; })
              .then(function (html) {
                var fresh = html && new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
                if (fresh && fresh.innerHTML !== region.innerHTML) region.replaceChildren.apply(region, Array.from(fresh.childNodes));
              })
              .catch(function () {});
          }, seconds * 1000);
        });
        """
}
