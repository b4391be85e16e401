// Upload progress: polls the status endpoint every second and updates each article's row
// until every article is processed or failed. No inline script, so a strict CSP can apply.
(function () {
  "use strict";
  var table = document.getElementById("progress");
  if (!table) { return; }
  var url = table.getAttribute("data-status-url") + "?ids=" + encodeURIComponent(table.getAttribute("data-ids"));
  var done = { processed: true, failed: true };

  function update(article) {
    var row = table.querySelector('tr[data-article-id="' + article.id + '"]');
    if (!row) { return; }
    var status = row.querySelector('[data-field="status"]');
    status.textContent = article.label;
    status.className = "status status-" + article.status;
    row.querySelector('[data-field="error"]').textContent = article.error || "";
    if (article.headline) { row.querySelector('[data-field="headline"]').textContent = article.headline; }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        var finished = true;
        data.articles.forEach(function (article) {
          update(article);
          if (!done[article.status]) { finished = false; }
        });
        if (!finished) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
