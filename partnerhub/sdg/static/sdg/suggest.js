// SDG suggestion box (templates/sdg/suggest_widget.html): asks POST /api/v1/sdg-suggestions for
// the text of the form's title and description fields, lists the goals it would tag, and ticks a
// goal in the form's SDG field when the person presses "Accept". Nothing is saved here.
(function () {
  "use strict";

  function textOf(box) {
    return box.dataset.textFields.split(/\s+/).filter(Boolean).map(function (id) {
      var field = document.getElementById(id);
      return field ? field.value : "";
    }).join("\n");
  }

  // A text field takes codes separated by commas ("3, 3.1, 4"): add the goal and its targets.
  function addCodes(input, codes) {
    var have = input.value.split(/[,\s]+/).filter(Boolean);
    codes.forEach(function (code) {
      if (have.indexOf(code) < 0) { have.push(code); }
    });
    input.value = have.join(", ");
  }

  function tick(box, goal, targets) {
    var name = box.dataset.sdgField;
    var form = box.closest("form") || document;
    var done = false;
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if (input.tagName === "TEXTAREA" || (input.tagName === "INPUT" &&
          ["checkbox", "radio"].indexOf(input.type) < 0)) {
        addCodes(input, [String(goal)].concat(targets));
        done = true;
      } else if (input.tagName === "SELECT") {
        Array.prototype.forEach.call(input.options, function (option) {
          if (option.value === String(goal)) { option.selected = true; done = true; }
        });
      } else if (input.value === String(goal)) {
        input.checked = true;
        done = true;
      }
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    return done;
  }

  function show(box, answer) {
    var list = box.querySelector(".sdg-suggest-list");
    list.textContent = "";
    answer.notices.forEach(function (notice) {
      var item = document.createElement("li");
      item.textContent = notice.message;
      list.appendChild(item);
    });
    if (!answer.goals.length && !answer.notices.length) {
      var none = document.createElement("li");
      none.textContent = box.dataset.none;
      list.appendChild(none);
    }
    answer.goals.forEach(function (goal) {
      var item = document.createElement("li");
      var targets = answer.targets.filter(function (t) {
        return t.target.split(".")[0] === String(goal.goal);
      }).map(function (t) { return t.target; });
      var reason = answer.reasons.filter(function (r) { return r.goal === goal.goal; })[0];
      item.textContent = "SDG " + goal.goal + " (" + goal.score.toFixed(2) + ")" +
        (targets.length ? " · " + box.dataset.target + " " + targets.join(", ") : "") +
        (reason ? " · " + reason.text.slice(0, 80) : "") + " ";
      var accept = document.createElement("button");
      accept.type = "button";
      accept.textContent = box.dataset.accept + " SDG " + goal.goal;
      accept.addEventListener("click", function () {
        if (tick(box, goal.goal, targets)) {
          accept.textContent = box.dataset.accepted;
          accept.disabled = true;
        }
      });
      item.appendChild(accept);
      list.appendChild(item);
    });
  }

  document.querySelectorAll(".sdg-suggest").forEach(function (box) {
    box.querySelector(".sdg-suggest-run").addEventListener("click", function () {
      fetch(box.dataset.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: textOf(box), lang: null })
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (answer) { show(box, answer); }).catch(function () {
        box.querySelector(".sdg-suggest-list").textContent = box.dataset.error;
      });
    });
  });
})();
