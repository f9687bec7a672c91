// report.html's only script, allowed by its hash in the Content-Security-Policy. Tables: sort (click a header),
// search, filter by column, page through rows. Sections: a link to anything inside a closed section opens it.
// It reads and writes nothing outside the page.
(function () {
  "use strict";
  var tables = [];

  function cellKey(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function setUp(box) {
    var table = box.querySelector("table");
    var body = table && table.tBodies[0];
    if (!body || !table.tHead) { return; }
    var rows = Array.prototype.slice.call(body.rows);
    var size = parseInt(box.getAttribute("data-rows"), 10) || 25;
    var heads = table.tHead.rows[0].cells;
    var tools = box.querySelector(".dt-tools");
    var search = tools.querySelector("input");
    var count = tools.querySelector(".dt-count");
    var pager = box.querySelector(".dt-pager");
    var pageLabel = pager.querySelector(".dt-page");
    var previous = pager.querySelector(".dt-previous");
    var next = pager.querySelector(".dt-next");
    var state = { page: 0, column: -1, direction: 1, text: "", filters: {} };

    function matches(row) {
      if (state.text && row.textContent.toLowerCase().indexOf(state.text) === -1) { return false; }
      for (var column in state.filters) {
        if (state.filters[column] && cellText(row, Number(column)) !== state.filters[column]) { return false; }
      }
      return true;
    }

    function draw() {
      var shown = rows.filter(matches);
      var pages = Math.max(1, Math.ceil(shown.length / size));
      if (state.page >= pages) { state.page = pages - 1; }
      var first = state.page * size;
      rows.forEach(function (row) { row.hidden = true; });
      shown.slice(first, first + size).forEach(function (row) { row.hidden = false; });
      count.textContent = shown.length === rows.length ? rows.length + " rows" :
        shown.length + " of " + rows.length + " rows";
      pageLabel.textContent = "page " + (state.page + 1) + " of " + pages;
      previous.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
      pager.hidden = pages <= 1;
    }

    function sortBy(index) {
      state.direction = state.column === index ? -state.direction : 1;
      state.column = index;
      var numeric = heads[index].getAttribute("data-kind") === "num";
      rows.sort(function (a, b) {
        var x = cellKey(a, index), y = cellKey(b, index);
        if (numeric) {
          var p = parseFloat(x), q = parseFloat(y);
          p = isNaN(p) ? -Infinity : p;
          q = isNaN(q) ? -Infinity : q;
          return p === q ? 0 : (p < q ? -state.direction : state.direction);
        }
        return x.localeCompare(y, undefined, { numeric: true }) * state.direction;
      });
      Array.prototype.forEach.call(heads, function (head, i) {
        head.setAttribute("aria-sort", i !== index ? "none" : (state.direction > 0 ? "ascending" : "descending"));
      });
      rows.forEach(function (row) { body.appendChild(row); });
      draw();
    }

    Array.prototype.forEach.call(heads, function (head, index) {
      head.tabIndex = 0;
      head.setAttribute("aria-sort", "none");
      head.title = "sort by " + head.textContent.trim();
      head.addEventListener("click", function () { sortBy(index); });
      head.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortBy(index); }
      });
      if (head.getAttribute("data-filter") !== "select") { return; }
      var values = {};
      rows.forEach(function (row) { var value = cellText(row, index); if (value) { values[value] = true; } });
      var select = document.createElement("select");
      select.setAttribute("aria-label", "filter by " + head.textContent.trim());
      select.setAttribute("data-column", String(index));
      var any = document.createElement("option");
      any.value = "";
      any.textContent = "any " + head.textContent.trim();
      select.appendChild(any);
      Object.keys(values).sort().forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      select.addEventListener("change", function () { state.filters[index] = select.value; state.page = 0; draw(); });
      tools.insertBefore(select, count);
    });
    search.addEventListener("input", function () { state.text = search.value.trim().toLowerCase(); state.page = 0; draw(); });
    previous.addEventListener("click", function () { state.page -= 1; draw(); });
    next.addEventListener("click", function () { state.page += 1; draw(); });
    tables.push({
      box: box,
      reveal: function (row) {
        var at = rows.indexOf(row);
        if (at === -1) { return; }
        state.text = ""; search.value = ""; state.filters = {};
        tools.querySelectorAll("select").forEach(function (select) { select.value = ""; });
        state.page = Math.floor(rows.filter(matches).indexOf(row) / size);
        draw();
      }
    });
    draw();
  }

  function reveal(target) {
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    var row = target.closest("tr");
    if (row && row.hidden) {
      tables.forEach(function (table) { if (table.box.contains(row)) { table.reveal(row); } });
    }
  }

  function openHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target) { reveal(target); target.scrollIntoView(); }
  }

  function setAll(open) {
    document.querySelectorAll("details.block").forEach(function (block) { block.open = open; });
  }

  document.querySelectorAll(".dt").forEach(setUp);
  document.querySelectorAll("button[data-details]").forEach(function (button) {
    button.addEventListener("click", function () { setAll(button.getAttribute("data-details") === "open"); });
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) { return; }
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (target) { reveal(target); }
  });
  window.addEventListener("hashchange", openHash);
  openHash();
}());
