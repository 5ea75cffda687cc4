// On narrow screens the facets come before the results: fold all but the ones in use, so the
// results stay within reach. Without JavaScript every facet simply stays as the server sent it.
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(max-width: 820px)").matches) {
    return;
  }
  document.querySelectorAll("details.facet").forEach(function (facet) {
    if (!facet.querySelector(".selected")) {
      facet.open = false;
    }
  });
})();
