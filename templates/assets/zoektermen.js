/* Words to terms, and a query to ranked organisations: the browser half of kaart/search.py.
 * fold + words + stem must give the same terms as the Python side (tests/test_search_parity.py).
 * Works in the browser (window.Zoektermen) and in Node (module.exports) for the tests.
 *
 * The query box is never given to lunr's query parser (no QueryParseError, no `+`/`-`/`:`
 * syntax): each word of it becomes a set of variants, weighted by how sure we are that the
 * resident means it:
 *   the word itself (stem) 1.0; a verb form without its -t ("gokt" -> gok) 0.9;
 *   synonyms from content/synoniemen.yaml 0.8; the known head and tail of a compound
 *   ("gokschulden" -> gok + schuld) 0.7; one typo (words of 5+ letters) 0.6; longer words it
 *   begins ("huur" -> huurachterstand) 0.5; only a known tail or head of it
 *   ("afbetalingsregeling" -> betalingsregeling) 0.5.
 * A document's score for a word is its best variant (so synonyms never count twice), from
 * lunr's BM25 field vectors (field boosts included, idf made plain), times the word's idf (a rare
 * word like "deurwaarder" matters more than "brieven"). A synonym or longer word never counts
 * for more than the word itself would. The score for the query is the sum over its words, times
 * the share of the query's words the document matches, squared (a document that matches "huur"
 * and "betalen" beats one that matches only "betalen" very well). Ties keep the display order. */
(function (root) {
  'use strict';

  var WORD_RE = /[\p{L}\p{N}]+/gu;
  var LETTERS_RE = /^\p{L}+$/u;
  var DIGITS_RE = /^\p{N}+$/u;
  var MIN_HEAD = 3, MIN_TAIL = 4, MIN_COMPOUND = 7, MIN_TYPO = 5, MIN_PREFIX = 4;
  var WEIGHT = { exact: 1, verb: 0.9, synonym: 0.8, parts: 0.7, typo: 0.6, prefix: 0.5, part: 0.5 };
  var COORDINATION = 2;

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

  /* Known words a query compound is made of: gokschulden -> [gok, schuld]. The first split where
   * head and tail are both known (a linking s may go); else the longest known tail (Dutch compounds
   * end in what they are: an afbetalingsregeling is a betalingsregeling); else the longest known
   * head (schoolspullen -> school). Tails and heads have at least 4 letters and a stem of 4. */
  function compoundParts(word, stem, isKnown, stopwords) {
    if (word.length < MIN_COMPOUND || !LETTERS_RE.test(word)) return [];
    function knownHead(head) {
      var heads = [head];
      if (head.charAt(head.length - 1) === 's') heads.push(head.slice(0, -1));
      for (var i = 0; i < heads.length; i++) {
        if (heads[i].length >= MIN_HEAD && !(stopwords && stopwords.has(heads[i])) && isKnown(stem(heads[i]))) {
          return stem(heads[i]);
        }
      }
      return null;
    }
    var tailOnly = null, headOnly = null;
    for (var cut = MIN_HEAD; cut <= word.length - MIN_TAIL; cut++) {
      var head = word.slice(0, cut), tailStem = stem(word.slice(cut));
      var tailKnown = tailStem.length >= MIN_TAIL && isKnown(tailStem);
      var headStem = knownHead(head);
      if (tailKnown && headStem) return headStem === tailStem ? [tailStem] : [headStem, tailStem];
      if (tailKnown && !tailOnly) tailOnly = tailStem;
      if (headStem && headStem.length >= MIN_TAIL) headOnly = headStem;
    }
    if (tailOnly) return [tailOnly];
    return headOnly ? [headOnly] : [];
  }

  /* lunr's serialised index from the compact form kaart/search.py writes (compact_index). Postings
   * carry no metadata (the index has no positions), so they share one empty object. */
  var NO_METADATA = Object.freeze({});

  function toLunr(compact) {
    var fields = compact.velden, terms = compact.termen, vectors = compact.vectoren;
    var postings = new Array(terms.length);
    for (var i = 0; i < terms.length; i++) {
      var posting = { _index: i };
      for (var f = 0; f < fields.length; f++) posting[fields[f]] = {};
      postings[i] = posting;
    }
    var fieldVectors = [];
    for (var g = 0; g < fields.length; g++) {
      var field = fields[g], list = vectors[g];
      for (var doc = 0; doc < list.length; doc++) {
        var elements = list[doc];
        fieldVectors.push([field + '/' + doc, elements]);
        for (var k = 0; k < elements.length; k += 2) postings[elements[k]][field][doc] = NO_METADATA;
      }
    }
    var invertedIndex = new Array(terms.length);
    for (var t = 0; t < terms.length; t++) invertedIndex[t] = [terms[t], postings[t]];
    return { version: compact.versie, fields: fields, fieldVectors: fieldVectors, pipeline: [],
      invertedIndex: invertedIndex };
  }

  /* A searcher over the search data of zoekindex.json (kaart/search.py build_search_data). */
  function Zoeker(lunr, data) {
    var index = lunr.Index.load(toLunr(data.index));
    var stopwords = new Set(data.stopwoorden);
    var stem = makeStemmer(lunr);
    var synonyms = new Map();
    data.synoniemen.forEach(function (group) {
      group.forEach(function (s) {
        var others = synonyms.get(s) || [];
        group.forEach(function (o) { if (o !== s && others.indexOf(o) === -1) others.push(o); });
        synonyms.set(s, others);
      });
    });
    var docCount = data.docs.length, secondary = data.index.secundair || [];
    var weightCache = new Map(), expandCache = new Map();

    function isKnown(term) { return Object.prototype.hasOwnProperty.call(index.invertedIndex, term); }

    /* Document number -> BM25 weight of a term, summed over the fields (boosts included).
     * lunr's idf counts field postings, not documents, and takes |x| in log(1 + |x|), so a term in
     * every document of one field scores higher than one in half of them; its weights are
     * rescaled to the plain BM25 idf over documents. Secondary fields (the explanations of the
     * vocabulary, the same sentence for every organisation in a phase) do not make a word common:
     * documents count only for the other fields, unless the word is nowhere else. */
    function weights(term) {
      var hit = weightCache.get(term);
      if (hit) return hit;
      hit = new Map();
      var posting = index.invertedIndex[term];
      if (posting) {
        var primary = new Set();
        index.fields.forEach(function (field) {
          var isPrimary = secondary.indexOf(field) === -1;
          Object.keys(posting[field]).forEach(function (ref) {
            var vector = index.fieldVectors[field + '/' + ref];
            var pos = vector.positionForIndex(posting._index);
            if (vector.elements[pos] === posting._index) {
              var doc = Number(ref);
              hit.set(doc, (hit.get(doc) || 0) + vector.elements[pos + 1]);
              if (isPrimary) primary.add(doc);
            }
          });
        });
        var scale = idfOf(primary.size || hit.size) / lunr.idf(posting, docCount);
        hit.forEach(function (w, doc) { hit.set(doc, w * scale); });
        hit.df = primary.size || hit.size;
      }
      weightCache.set(term, hit);
      return hit;
    }

    function idfOf(documentsWithTerm) {
      return Math.log(1 + (docCount - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5));
    }

    /* How specific a term is (plain BM25 idf); 0 for a term not in the index. */
    function idf(term) { return isKnown(term) ? idfOf(weights(term).df) : 0; }

    /* Index terms within one edit of a term, or beginning with it. */
    function expand(term, kind) {
      var key = kind + ':' + term;
      var hit = expandCache.get(key);
      if (hit) return hit;
      var set = kind === 'typo' ? lunr.TokenSet.fromFuzzyString(term, 1) : lunr.TokenSet.fromString(term + '*');
      hit = index.tokenSet.intersect(set).toArray().filter(function (t) { return t !== term; });
      expandCache.set(key, hit);
      return hit;
    }

    /* The variants of one query word: [{kind, weight, terms}] (parts: all terms together).
     * A synonym or a longer word is worth at most what the word itself would be: its weight is
     * scaled by idf(word) / idf(term) when that is below 1, so "brieven" does not turn into the
     * rare and heavy "thuisadministratie". A word not in the index takes the idf of its most common
     * synonym (or longer word) as its own. */
    function variants(word) {
      var s = stem(word), list = [], seen = new Set();
      function add(kind, terms) {
        terms = terms.filter(function (t) { return isKnown(t) && (kind === 'parts' || !seen.has(t)); });
        if (!terms.length) return;
        if (kind !== 'parts') terms.forEach(function (t) { seen.add(t); });
        list.push({ kind: kind, weight: WEIGHT[kind], terms: terms });
      }
      add('exact', [s]);
      var verb = null;
      if (word.length >= 4 && word.charAt(word.length - 1) === 't' && LETTERS_RE.test(word)) {
        verb = stem(word.slice(0, -1));
        add('verb', [verb]);
      }
      var syn = (synonyms.get(s) || []).concat(verb ? synonyms.get(verb) || [] : []);
      add('synonym', syn);
      var parts = compoundParts(word, stem, isKnown, stopwords);
      if (parts.length > 1) add('parts', parts);
      else if (parts.length === 1 && parts[0] !== s) add('part', parts);
      var digits = DIGITS_RE.test(word);
      if (!digits && word.length >= MIN_TYPO && s.length >= MIN_PREFIX) add('typo', expand(s, 'typo'));
      var prefixes = [];
      if (s.length >= MIN_PREFIX) prefixes = prefixes.concat(expand(s, 'prefix'));
      if (word !== s && word.length >= MIN_PREFIX) prefixes = prefixes.concat(expand(word, 'prefix'));
      add('prefix', prefixes);
      var own = isKnown(s) ? idf(s) : (verb && isKnown(verb) ? idf(verb) : null);
      var all = [];
      list.forEach(function (v) {
        all = all.concat(v.terms);
        if (v.kind !== 'synonym' && v.kind !== 'prefix' && v.kind !== 'part') return;
        var reference = own !== null ? own : Math.min.apply(null, v.terms.map(idf));
        v.scale = v.terms.map(function (t) { return Math.min(1, reference / idf(t)); });
      });
      var specificity = own !== null ? own : (all.length ? Math.min.apply(null, all.map(idf)) : 0);
      return { word: word, stem: s, variants: list, idf: specificity };
    }

    /* A word's score per document: the best of its variants. */
    function wordScores(analysed) {
      var scores = new Map(), specificity = analysed.idf;
      analysed.variants.forEach(function (v) {
        var own = new Map();
        if (v.kind === 'parts') {
          var count = new Map();
          v.terms.forEach(function (t) {
            weights(t).forEach(function (w, doc) {
              own.set(doc, (own.get(doc) || 0) + w);
              count.set(doc, (count.get(doc) || 0) + 1);
            });
          });
          own.forEach(function (w, doc) {
            var share = count.get(doc) / v.terms.length;
            own.set(doc, w / v.terms.length * share);
          });
        } else {
          v.terms.forEach(function (t, i) {
            var scale = v.scale ? v.scale[i] : 1;
            weights(t).forEach(function (w, doc) { if (w * scale > (own.get(doc) || 0)) own.set(doc, w * scale); });
          });
        }
        own.forEach(function (w, doc) {
          var score = w * v.weight * specificity;
          if (score > (scores.get(doc) || 0)) scores.set(doc, score);
        });
      });
      return scores;
    }

    /* The query's words, analysed (for tests and debugging). */
    function analyse(text) {
      var unique = [];
      words(text, stopwords).forEach(function (w) { if (unique.indexOf(w) === -1) unique.push(w); });
      return unique.map(variants);
    }

    /* Ranked documents for a query text: [{doc, score, matched}], best first; [] for no words. */
    function search(text) {
      var perWord = analyse(text).map(wordScores).filter(function (scores) { return scores.size > 0; });
      var total = new Map(), matched = new Map();
      perWord.forEach(function (scores) {
        scores.forEach(function (score, doc) {
          total.set(doc, (total.get(doc) || 0) + score);
          matched.set(doc, (matched.get(doc) || 0) + 1);
        });
      });
      var hits = [];
      total.forEach(function (score, doc) {
        var m = matched.get(doc);
        hits.push({ doc: doc, score: score * Math.pow(m / perWord.length, COORDINATION), matched: m });
      });
      return hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    }

    return {
      index: index, stem: stem, isKnown: isKnown, analyse: analyse, search: search,
      hasWords: function (text) { return words(text, stopwords).length > 0; }
    };
  }

  var api = { fold: fold, words: words, makeStemmer: makeStemmer, compoundParts: compoundParts, toLunr: toLunr,
    Zoeker: Zoeker };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.Zoektermen = api;
})(typeof self !== 'undefined' ? self : this);
