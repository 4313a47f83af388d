/* The unified form: save as the person types, and keep the money totals current.
 * Without JavaScript every button still saves the step (the server keeps the draft). */

/* Fields asked only of some members (the unified form and the public screener): the disability
 * kind once a disability grade is chosen, the multiple-birth group for children. Without
 * JavaScript they are always shown, their labels say when to fill them. A field that holds a
 * value is never hidden: nothing typed disappears. */
(function () {
  "use strict";
  var CHILDREN = { child: true, grandchild: true };

  function filled(container) {
    var inputs = container.querySelectorAll("input, select, textarea");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].value) return true;
    }
    return false;
  }

  function bind(control, container, wanted) {
    function update() {
      container.hidden = !wanted(control.value) && !filled(container);
    }
    control.addEventListener("change", update);
    update();
  }

  var grades = document.querySelectorAll("select[data-controls-disability]");
  for (var i = 0; i < grades.length; i++) {
    var kind = document.getElementById(grades[i].getAttribute("data-controls-disability"));
    if (kind) {
      bind(grades[i], kind, function (value) {
        return value && value !== "none";
      });
    }
  }
  var groups = document.querySelectorAll("[data-child-field]");
  for (var j = 0; j < groups.length; j++) {
    var relation = document.getElementById(groups[j].getAttribute("data-child-field"));
    if (relation) {
      bind(relation, groups[j], function (value) {
        return CHILDREN[value] === true;
      });
    }
  }
})();

(function () {
  "use strict";
  var form = document.getElementById("wizard-form");
  if (!form) return;
  var url = form.getAttribute("data-autosave-url");
  var status = document.getElementById("autosave-status");
  var timer = null;
  var dirty = false;
  var submitting = false;
  var DELAY = 800;

  function say(text) {
    if (status) status.textContent = text;
  }

  function body() {
    return new FormData(form);
  }

  function save() {
    timer = null;
    if (!dirty || submitting || !url) return;
    dirty = false;
    say(form.getAttribute("data-saving-label"));
    fetch(url, {
      method: "POST",
      body: body(),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (answer) {
        say(answer.label);
      })
      .catch(function () {
        dirty = true;
        say(form.getAttribute("data-offline-label"));
      });
  }

  function changed(event) {
    if (event && event.target && event.target.type === "checkbox" && /-removed$/.test(event.target.name)) {
      return; // removing a member takes effect when the step is saved by its button
    }
    dirty = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DELAY);
  }

  if (url) {
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      submitting = true;
      if (timer) clearTimeout(timer);
    });
    window.addEventListener("online", function () {
      if (dirty) save();
    });
    // Leaving the page (a call comes in, the tab is closed): send what is not saved yet.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden" && dirty && !submitting && navigator.sendBeacon) {
        if (timer) clearTimeout(timer);
        if (navigator.sendBeacon(url, body())) dirty = false;
      }
    });
  }

  // Money step: each member's totals and the household's, as the figures are typed.
  function amount(text) {
    var value = parseFloat(String(text || "").replace(/[,，\s]/g, ""));
    return isFinite(value) && value > 0 ? value : 0;
  }
  function show(value) {
    return String(Math.round(value * 100) / 100);
  }
  function totals() {
    var household = {};
    var members = form.querySelectorAll(".money-member");
    for (var i = 0; i < members.length; i++) {
      var sums = {};
      var inputs = members[i].querySelectorAll("input[data-section]");
      for (var j = 0; j < inputs.length; j++) {
        var section = inputs[j].getAttribute("data-section");
        sums[section] = (sums[section] || 0) + amount(inputs[j].value);
      }
      for (var key in sums) {
        household[key] = (household[key] || 0) + sums[key];
        var cell = members[i].querySelector('[data-total="' + key + '"]');
        if (cell) cell.textContent = show(sums[key]);
      }
    }
    for (var name in household) {
      var total = document.querySelector('[data-household-total="' + name + '"]');
      if (total) total.textContent = show(household[name]);
    }
  }
  if (form.querySelector(".money-member")) form.addEventListener("input", totals);

  // Most households live where they are registered: the residence follows the hukou until chosen.
  var hukou = document.getElementById("hukou_office");
  var residence = document.getElementById("residence_office");
  if (hukou && residence) {
    hukou.addEventListener("change", function () {
      if (!residence.value || residence.getAttribute("data-followed") === "1") {
        residence.value = hukou.value;
        residence.setAttribute("data-followed", "1");
      }
    });
    residence.addEventListener("change", function () {
      residence.removeAttribute("data-followed");
    });
  }
})();
