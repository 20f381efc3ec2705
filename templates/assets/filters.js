/* The filter rule of the search page (zoeken.js) and the referral list (doorverwijzen.js), the
 * rule of kaart/derive.py's matches_filters: values of one filter OR-ed, filters AND-ed; an
 * organisation for everyone fits every doelgroep, a landelijk one every gemeente.
 * tests/test_filter_parity.py runs it in Node against derive.py on both pages' data.
 *
 * An organisation is read as the search files carry it (kaart/search_files.py display_record): per
 * filter its keys under a short name (DOC_KEY), `l` when landelijk, `i` when it has a walk-in hour.
 * The doelgroep that fits them all comes from the build (the script's data-iedereen), so its key is
 * written in one place: schema.py. */
(function () {
  'use strict';

  var GROUPS = ['fase', 'rol', 'activiteit', 'doelgroep', 'gemeente', 'taal'];
  var DOC_KEY = { fase: 'f', rol: 'r', activiteit: 'a', doelgroep: 'd', gemeente: 'g', taal: 't' };

  /* The rule, with the key of the doelgroep for everyone. */
  function filterRule(iedereen) {
    /* Does the organisation fit for everyone (a doelgroep filter it always passes)? */
    function forEveryone(doc) {
      return (doc[DOC_KEY.doelgroep] || []).indexOf(iedereen) !== -1;
    }

    /* One filter (values OR-ed). */
    function matchesGroup(doc, group, values) {
      if (!values.length) return true;
      if (group === 'gemeente' && doc.l) return true;
      if (group === 'doelgroep' && forEveryone(doc)) return true;
      var have = doc[DOC_KEY[group]] || [];
      for (var i = 0; i < values.length; i++) if (have.indexOf(values[i]) !== -1) return true;
      return false;
    }

    /* Every filter of a state that does not depend on the clock (filters AND-ed): the groups and inloop. */
    function matchesFilters(doc, s) {
      for (var i = 0; i < GROUPS.length; i++) if (!matchesGroup(doc, GROUPS[i], s.groups[GROUPS[i]] || [])) return false;
      return !(s.flags && s.flags.inloop && !doc.i);
    }

    return { GROUPS: GROUPS, DOC_KEY: DOC_KEY, forEveryone: forEveryone, matchesGroup: matchesGroup,
      matchesFilters: matchesFilters };
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = filterRule;
    return;
  }
  var script = document.currentScript;
  window.Filters = filterRule(script && script.getAttribute('data-iedereen'));
})();
