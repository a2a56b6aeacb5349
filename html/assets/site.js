// The examples show the address of `script/server`; where the page is
// served over HTTP(S), they show the address it was loaded from instead, so
// that they can be copied as they are.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  if (location.protocol !== "http:" && location.protocol !== "https:")
    return;
  var spans = document.querySelectorAll("span.origin");
  for (var i = 0; i < spans.length; i++)
    spans[i].textContent = location.origin;
});
