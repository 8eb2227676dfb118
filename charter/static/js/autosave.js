/* Autosave of questionnaire answers (no framework; served from 'self' for the strict CSP).
 *
 * Each choice is posted as soon as it is made, each comment shortly after typing stops. The
 * server keeps a revision per answer: a save based on an old revision (another tab changed the
 * answer) is refused with 409 and the page says what is now recorded. Without JavaScript, the
 * page's buttons save everything.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-autosave-url");
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var announcer = document.getElementById("autosave-announcer");
  var timers = {};

  /* Messages come from the page, where they are translated like every other text. */
  function message(name) { return form.getAttribute("data-msg-" + name) || ""; }

  function statusFor(question) {
    return form.querySelector('[data-status-for="' + question + '"]');
  }

  function show(question, text, kind) {
    var status = statusFor(question);
    if (status) {
      status.textContent = text;
      status.className = "save-status" + (kind ? " save-status-" + kind : "");
    }
    if (announcer) { announcer.textContent = text; }
  }

  function revisionInput(question) {
    return form.querySelector('input[name="r-' + question + '"]');
  }

  function currentValue(question) {
    var checked = form.querySelector('input[name="q-' + question + '"]:checked');
    return checked ? checked.value : null;
  }

  function currentComment(question) {
    var area = form.querySelector('textarea[name="c-' + question + '"]');
    return area ? area.value : null;
  }

  function save(question) {
    var revision = revisionInput(question);
    var body = {
      question: question,
      value: currentValue(question),
      comment: currentComment(question),
      revision: revision ? parseInt(revision.value, 10) : 0
    };
    show(question, message("saving"), "pending");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": tokenMeta ? tokenMeta.getAttribute("content") : ""
      },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, data: data };
      });
    }).then(function (result) {
      var data = result.data || {};
      if (result.status === 200) {
        if (revision && typeof data.revision === "number") { revision.value = data.revision; }
        var now = new Date();
        var time = ("0" + now.getHours()).slice(-2) + " h " + ("0" + now.getMinutes()).slice(-2);
        show(question, message("saved").replace("{time}", time), "ok");
      } else if (result.status === 409 && data.status === "conflict") {
        if (revision && typeof data.revision === "number") { revision.value = data.revision; }
        show(question, data.message, "error");
      } else if (result.status === 401) {
        show(question, data.message || message("expired"), "error");
      } else if (result.status === 400 && data.error === "csrf") {
        show(question, message("expired"), "error");
      } else {
        show(question, data.message || message("failed"), "error");
      }
    }).catch(function () {
      show(question, message("offline"), "error");
    });
  }

  form.addEventListener("change", function (event) {
    var name = event.target.name || "";
    if (name.indexOf("q-") === 0) { save(name.slice(2)); }
    if (name.indexOf("c-") === 0) { save(name.slice(2)); }
  });

  form.addEventListener("input", function (event) {
    var name = event.target.name || "";
    if (name.indexOf("c-") !== 0) { return; }
    var question = name.slice(2);
    clearTimeout(timers[question]);
    timers[question] = setTimeout(function () { save(question); }, 1200);
  });
})();
