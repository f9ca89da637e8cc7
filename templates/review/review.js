// Filters for the review page: by entity, by section, by text. Works from file:// (no server).
(function () {
  "use strict";
  var entity = document.getElementById("filter-entity");
  var section = document.getElementById("filter-section");
  var search = document.getElementById("filter-search");
  var count = document.getElementById("filter-count");
  var paras = Array.prototype.slice.call(document.querySelectorAll("tr.para"));
  var headings = Array.prototype.slice.call(document.querySelectorAll("tr.heading"));
  var sources = {};
  Array.prototype.forEach.call(document.querySelectorAll("tr.source"), function (row) {
    sources[row.getAttribute("data-for")] = row;
  });

  function apply() {
    var e = entity.value, s = section.value, q = search.value.trim().toLowerCase();
    var shownSections = {};
    var shown = 0;
    paras.forEach(function (row) {
      var ok = (!e || (" " + row.getAttribute("data-entities") + " ").indexOf(" " + e + " ") >= 0) &&
               (!s || (" " + row.getAttribute("data-path") + " ").indexOf(" " + s + " ") >= 0) &&
               (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
      row.classList.toggle("hidden", !ok);
      sources[row.getAttribute("data-number")].classList.toggle("hidden", !ok);
      if (ok) {
        shown += 1;
        row.getAttribute("data-path").split(" ").forEach(function (id) { shownSections[id] = true; });
      }
    });
    var filtering = e || s || q;
    headings.forEach(function (row) {
      row.classList.toggle("hidden", !!filtering && !shownSections[row.getAttribute("data-section")]);
    });
    count.textContent = shown + " of " + paras.length + " paragraphs";
  }

  entity.addEventListener("change", apply);
  section.addEventListener("change", apply);
  search.addEventListener("input", apply);
  apply();
}());
