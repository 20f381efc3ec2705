/* Query words to lunr clauses: the browser half of kaart/search.py.
 * fold + words + stem must give the same terms as the Python side (tests/test_search_parity.py).
 * Works in the browser (window.Zoektermen) and in Node (module.exports) for the parity test. */
(function (root) {
  'use strict';

  var WORD_RE = /[\p{L}\p{N}]+/gu;
  var MIN_HEAD = 3, MIN_TAIL = 4, MIN_COMPOUND = 7;

  /* NFKD, drop marks, lower case: "Curaçao" -> "curacao". */
  function fold(text) {
    return String(text).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  }

  /* Folded words without stop words. */
  function words(text, stopwords) {
    return (fold(text).match(WORD_RE) || []).filter(function (w) { return !stopwords.has(w); });
  }

  function makeStemmer(lunr) {
    var cache = new Map();
    return function stem(word) {
      var hit = cache.get(word);
      if (hit === undefined) {
        hit = lunr.nl.stemmer(new lunr.Token(word, {})).toString();
        cache.set(word, hit);
      }
      return hit;
    };
  }

  /* Known words a query compound is made of: gokschulden -> [gok, schuld]. */
  function compoundParts(word, stem, isKnown) {
    var parts = [];
    if (word.length < MIN_COMPOUND || /^\d+$/.test(word)) return parts;
    for (var cut = MIN_HEAD; cut <= word.length - MIN_TAIL; cut++) {
      var head = word.slice(0, cut), tail = word.slice(cut);
      var tailStem = stem(tail);
      if (!isKnown(tailStem)) continue;
      var heads = [head];
      if (head.charAt(head.length - 1) === 's') heads.push(head.slice(0, -1));
      for (var i = 0; i < heads.length; i++) {
        if (heads[i].length >= MIN_HEAD && isKnown(stem(heads[i]))) {
          parts.push(stem(heads[i]), tailStem);
          break;
        }
      }
    }
    return parts;
  }

  /* The clauses for one query text: each word, its typo and prefix variants, synonyms, parts. */
  function clauses(text, data, stem, isKnown) {
    var result = [];
    var seen = new Set();
    function add(term, boost, extra) {
      var key = term + '|' + (extra ? JSON.stringify(extra) : '');
      if (seen.has(key)) return;
      seen.add(key);
      var clause = { term: term, boost: boost, usePipeline: false };
      if (extra) Object.assign(clause, extra);
      result.push(clause);
    }
    words(text, data.stopwords).forEach(function (word) {
      var s = stem(word);
      add(s, 10);
      if (word.length >= 5) add(s, 2, { editDistance: 1 });
      if (s.length >= 4) add(s, 2, { wildcard: 2 /* lunr.Query.wildcard.TRAILING */ });
      (data.synonyms[s] || []).forEach(function (other) { add(other, 5); });
      compoundParts(word, stem, isKnown).forEach(function (part) { add(part, 4); });
    });
    return result;
  }

  var api = { fold: fold, words: words, makeStemmer: makeStemmer, compoundParts: compoundParts, clauses: clauses };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.Zoektermen = api;
})(typeof self !== 'undefined' ? self : this);
