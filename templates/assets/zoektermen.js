/* Words to terms, and a query to ranked organisations: the browser half of kaart/search_terms.py and kaart/search_files.py.
 * fold + words + stem and compoundSplits must give the same terms as the Python side, with the
 * constants the search file carries (tests/test_search_parity.py).
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
 * A document's score for a word is its best variant (so synonyms never count twice), from its
 * BM25 weights (computed here from the term frequencies as lunr.py's Builder does, field boosts
 * included, with the plain idf over documents), times the word's idf (a rare word like
 * "deurwaarder" matters more than "brieven"). A synonym or longer word never counts for more than
 * the word itself would. The score for the query is the sum over its words, times the share of the
 * query's words the document matches, squared (a document that matches "huur" and "betalen" beats
 * one that matches only "betalen" very well). Ties keep the display order.
 *
 * The search files (kaart/search_files.py) carry the statistics of the whole map, so a Zoeker over a
 * gemeente's file and the landelijk one weighs every document as the whole map does. What the
 * query side makes of a word does depend on the loaded files: typos, longer words and compound
 * parts are looked up among their terms only, so within a gemeente a query can find or order a
 * little differently than on the whole map (tests/test_search_shards.py). The same files give the
 * same order: zoeken.js searches exactly the files a URL's state needs. (Shipping the whole map's
 * term list to every search would make it the same as the whole map, but would take a first search
 * within a gemeente over its download budget: bench/README.md.)
 * lunr.js loads the terms: its token set finds the words within one typo. */
(function (root) {
  'use strict';

  var WORD_RE = /[\p{L}\p{N}]+/gu;
  var LETTERS_RE = /^\p{L}+$/u;
  var DIGITS_RE = /^\p{N}+$/u;
  var MIN_TYPO = 5, MIN_PREFIX = 4;
  var MAX_QUERY_WORDS = 32;  // a resident's question has fewer; a pasted text must not freeze the page
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

  /* Where a word can be cut into known parts: per cut, from the left, [head, tail] with the stems
   * of its known head and known tail ('' for a part that is not known), for the cuts with at least
   * one. The same algorithm as compound_splits in kaart/search_terms.py, with the constants the search
   * file carries (`samenstellingen`; tests/test_search_parity.py runs both): a head has min_kop
   * letters or more, is no stop word and may lose a linking s; a tail's stem has min_staart letters
   * or more; a part has at most max_deel letters, so a word of any length costs at most
   * 2 * max_deel stems. */
  function compoundSplits(word, stem, isKnown, stopwords, rules) {
    var size = word.length, splits = [];
    if (size < rules.min_woord || !LETTERS_RE.test(word)) return splits;
    function knownHead(head) {
      var heads = head.charAt(head.length - 1) === 's' ? [head, head.slice(0, -1)] : [head];
      for (var i = 0; i < heads.length; i++) {
        if (heads[i].length >= rules.min_kop && !stopwords.has(heads[i])) {
          var s = stem(heads[i]);
          if (s.length >= rules.min_kop && isKnown(s)) return s;
        }
      }
      return '';
    }
    for (var cut = rules.min_kop; cut <= size - rules.min_staart; cut++) {
      if (cut > rules.max_deel && cut < size - rules.max_deel) {
        cut = size - rules.max_deel - 1;  // the middle of a very long word: neither part is short enough
        continue;
      }
      var head = cut <= rules.max_deel ? knownHead(word.slice(0, cut)) : '';
      var tail = size - cut <= rules.max_deel ? stem(word.slice(cut)) : '';
      if (tail.length < rules.min_staart || !isKnown(tail)) tail = '';
      if (head || tail) splits.push([head, tail]);
    }
    return splits;
  }

  /* The known words a query compound is made of: gokschulden -> [gok, schuld]. The index holds every
   * known part (kaart/search_terms.py compound_parts); a query picks one split of the same compoundSplits:
   * the first where head and tail are both known; else the longest known tail (Dutch compounds end
   * in what they are: an afbetalingsregeling is a betalingsregeling); else the longest known head
   * with a stem of min_staart letters (schoolspullen -> school). */
  function compoundParts(word, stem, isKnown, stopwords, rules) {
    var splits = compoundSplits(word, stem, isKnown, stopwords, rules), tailOnly = '', headOnly = '';
    for (var i = 0; i < splits.length; i++) {
      var head = splits[i][0], tail = splits[i][1];
      if (head && tail) return head === tail ? [tail] : [head, tail];
      if (tail && !tailOnly) tailOnly = tail;
      if (head.length >= rules.min_staart) headOnly = head;
    }
    if (tailOnly) return [tailOnly];
    return headOnly ? [headOnly] : [];
  }

  /* Does a text say something urgent in so many words? A stem of `urgent` (a Set), or a phrase of
   * `phrases` ({zinnen: [[stem, ...]], tussen: n}: the search file's `spoedzinnen`) found in order
   * among the stems of all its words, stop words included, with at most `tussen` words between two
   * of them. The same as is_urgent in kaart/search_terms.py (tests/test_search_parity.py runs both). */
  function urgentText(text, urgent, phrases, stem) {
    var stems = (fold(text).match(WORD_RE) || []).map(stem);
    if (stems.some(function (s) { return urgent.has(s); })) return true;
    var list = (phrases && phrases.zinnen) || [], gap = phrases ? phrases.tussen : 0;
    function at(phrase, k, i) {
      if (stems[i] !== phrase[k]) return false;
      if (k === phrase.length - 1) return true;
      for (var next = i + 1; next < Math.min(stems.length, i + 2 + gap); next++) {
        if (at(phrase, k + 1, next)) return true;
      }
      return false;
    }
    return list.some(function (phrase) {
      for (var i = 0; i < stems.length; i++) if (at(phrase, 0, i)) return true;
      return false;
    });
  }

  /* The sorted union of the files' terms (each file's are sorted: kaart/search_files.py js_order), and per
   * file its term positions in it (null: the same). Merged pairwise, in linear time. */
  function mergeTerms(shards) {
    if (shards.length === 1) return { terms: shards[0].index.termen, maps: [null] };
    var terms = [];
    shards.forEach(function (shard) {
      var other = shard.index.termen, out = [], i = 0, j = 0;
      while (i < terms.length || j < other.length) {
        if (j >= other.length || (i < terms.length && terms[i] < other[j])) out.push(terms[i++]);
        else if (i >= terms.length || other[j] < terms[i]) out.push(other[j++]);
        else { out.push(terms[i++]); j++; }
      }
      terms = out;
    });
    var at = new Map();
    terms.forEach(function (t, i) { at.set(t, i); });
    return { terms: terms, maps: shards.map(function (shard) {
      return shard.index.termen.map(function (t) { return at.get(t); });
    }) };
  }

  /* One index from the search files kaart/search_files.py writes (shard_data): the whole map, or any
   * set of shards (a gemeente's file and the landelijk one). Every file carries the statistics of the
   * whole map (document count, average field lengths, each term's document frequency), so a document
   * gets the same weights whichever file it came from, and results merge by score. Documents are
   * put in display order (`o`, their place on the whole map) and occur once, however many files hold
   * them. Returns the terms in lunr's serialised form for `lunr.Index.load` (its token set finds
   * typos and prefixes), and per term its postings [doc, weight, doc, weight, ...]: the BM25 weight
   * summed over the fields, boosts included, as lunr.py's Builder computes it for a field vector but
   * without the idf (weights() below multiplies by the plain idf over documents). */
  function toLunr(input) {
    var shards = Array.isArray(input) ? input : [input];
    var first = shards[0].index, boosts = first.boosts;
    var k1 = first.k1, b = first.b, average = first.lengte;
    var merged = mergeTerms(shards), terms = merged.terms;
    var df = new Array(terms.length);
    shards.forEach(function (shard, s) {
      var map = merged.maps[s];
      shard.index.df.forEach(function (d, i) { df[map ? map[i] : i] = d; });
    });
    var entries = [];
    shards.forEach(function (shard, s) {
      shard.docs.forEach(function (doc, i) { entries.push({ doc: doc, shard: s, local: i }); });
    });
    if (shards.length > 1) entries.sort(function (x, y) { return x.doc.o - y.doc.o; });
    var kept = [];
    entries.forEach(function (e) { if (!kept.length || kept[kept.length - 1].doc.o !== e.doc.o) kept.push(e); });
    var postings = new Array(terms.length);
    for (var i = 0; i < terms.length; i++) postings[i] = [];
    var sum = new Float64Array(terms.length), touched = [];
    for (var n = 0; n < kept.length; n++) {
      var e = kept[n], vectors = shards[e.shard].index.vectoren, map = merged.maps[e.shard];
      for (var g = 0; g < vectors.length; g++) {
        var steps = vectors[g][e.local], norm = k1 * (1 - b + b * steps.length / average[g]);
        var k = 0, local = -1;
        while (k < steps.length) {
          local += steps[k];
          var tf = 1;
          for (k++; k < steps.length && steps[k] === 0; k++) tf++;  // a step of 0: the same term again
          var term = map ? map[local] : local;
          if (sum[term] === 0) touched.push(term);
          sum[term] += (k1 + 1) * tf / (norm + tf) * boosts[g];
        }
      }
      for (var j = 0; j < touched.length; j++) {
        postings[touched[j]].push(n, sum[touched[j]]);
        sum[touched[j]] = 0;
      }
      touched.length = 0;
    }
    var invertedIndex = new Array(terms.length);
    for (var t = 0; t < terms.length; t++) invertedIndex[t] = [terms[t], { _index: t }];
    return {
      serialised: { version: null, fields: first.velden, fieldVectors: [], pipeline: [], invertedIndex: invertedIndex },
      postings: postings, docs: kept.map(function (x) { return x.doc; }), df: df, n: first.n, shared: shards[0]
    };
  }

  /* The format of the search files this code reads (kaart/search_files.py INDEX_FORMAT, their `versie`). */
  var VERSIE = 4;

  /* A searcher over one or more search files (kaart/search_files.py shard_data). Throws for a file in
   * another format (an old file from a cache after a new build): the page then says search does
   * not work, rather than searching wrongly. */
  function Zoeker(lunr, data) {
    (Array.isArray(data) ? data : [data]).forEach(function (file) {
      if (!file || file.versie !== VERSIE) throw new Error('zoekbestand: versie ' + (file && file.versie));
    });
    var loaded = toLunr(data);
    loaded.serialised.version = lunr.version;
    var terms = loaded.serialised.invertedIndex.map(function (entry) { return entry[0]; });
    var position = new Map(), longest = 0;
    terms.forEach(function (t, i) { position.set(t, i); longest = Math.max(longest, t.length); });
    /* lunr's index of the terms, for its token set (typos); made when first needed, or after the first
     * results are on the page (prepare()): building the token set is the slowest part of loading. */
    var lunrIndex = null;
    function index() {
      if (!lunrIndex) lunrIndex = lunr.Index.load(loaded.serialised);
      return lunrIndex;
    }
    var stopwords = new Set(loaded.shared.stopwoorden);
    var stem = makeStemmer(lunr);
    var synonyms = new Map();
    loaded.shared.synoniemen.forEach(function (group) {
      group.forEach(function (s) {
        var others = synonyms.get(s) || [];
        group.forEach(function (o) { if (o !== s && others.indexOf(o) === -1) others.push(o); });
        synonyms.set(s, others);
      });
    });
    var docCount = loaded.n, df = loaded.df;
    var mapDf = new Map();  // synonyms on the whole map, also when no loaded document has them
    (loaded.shared.synoniemen_df || []).forEach(function (group, g) {
      group.forEach(function (d, i) { if (d > 0) mapDf.set(loaded.shared.synoniemen[g][i], d); });
    });
    var weightCache = new Map(), expandCache = new Map();

    function isKnown(term) { return position.has(term); }

    /* Document number -> BM25 weight of a term, summed over the fields (boosts included), times
     * the term's idf over the documents of the whole map. The document frequency counts only the
     * main fields: the explanations of the vocabulary (the same sentence for every organisation in
     * a phase) do not make a word common, unless it is nowhere else (kaart/search_files.py). */
    function weights(term) {
      var hit = weightCache.get(term);
      if (hit) return hit;
      hit = new Map();
      var at = position.get(term);
      if (at !== undefined) {
        var list = loaded.postings[at], scale = idfOf(df[at]);
        for (var i = 0; i < list.length; i += 2) hit.set(list[i], list[i + 1] * scale);
        hit.df = df[at];
      }
      weightCache.set(term, hit);
      return hit;
    }

    function idfOf(documentsWithTerm) {
      return Math.log(1 + (docCount - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5));
    }

    /* How specific a term is (plain BM25 idf); 0 for a term not in the index. */
    function idf(term) { return isKnown(term) ? idfOf(weights(term).df) : 0; }

    /* How specific a word the resident typed is on the whole map; null when unknown. */
    function ownIdf(term) {
      if (isKnown(term)) return idf(term);
      return mapDf.has(term) ? idfOf(mapDf.get(term)) : null;
    }

    /* Index terms within one edit of a term, or beginning with it. */
    function expand(term, kind) {
      var key = kind + ':' + term;
      var hit = expandCache.get(key);
      if (hit) return hit;
      if (kind === 'typo') {
        hit = index().tokenSet.intersect(lunr.TokenSet.fromFuzzyString(term, 1)).toArray();
      } else {  // the sorted terms that begin with it: what lunr's `term*` finds, without its token set
        var low = 0, high = terms.length;
        while (low < high) {
          var mid = (low + high) >> 1;
          if (terms[mid] < term) low = mid + 1; else high = mid;
        }
        hit = [];
        for (var i = low; i < terms.length && terms[i].lastIndexOf(term, 0) === 0; i++) hit.push(terms[i]);
      }
      hit = hit.filter(function (t) { return t !== term; });
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
      // Synonyms elsewhere on the map but in none of the loaded files: they find nothing here, but
      // count, as on the whole map, in how specific the word is (below).
      var synElsewhere = syn.filter(function (t) { return t !== s && t !== verb && !isKnown(t) && mapDf.has(t); })
        .map(ownIdf);
      var parts = compoundParts(word, stem, isKnown, stopwords, loaded.shared.samenstellingen);
      if (parts.length > 1) add('parts', parts);
      else if (parts.length === 1 && parts[0] !== s) add('part', parts);
      var digits = DIGITS_RE.test(word);
      // No term lies within one typo of a stem longer than every term plus one (and lunr's fuzzy
      // automaton grows too fast on a very long word to try).
      if (!digits && word.length >= MIN_TYPO && s.length >= MIN_PREFIX && s.length <= longest + 1) {
        add('typo', expand(s, 'typo'));
      }
      var prefixes = [];
      if (s.length >= MIN_PREFIX) prefixes = prefixes.concat(expand(s, 'prefix'));
      if (word !== s && word.length >= MIN_PREFIX) prefixes = prefixes.concat(expand(word, 'prefix'));
      add('prefix', prefixes);
      var own = ownIdf(s);
      if (own === null && verb) own = ownIdf(verb);
      var all = [];
      list.forEach(function (v) {
        all = all.concat(v.terms);
        if (v.kind !== 'synonym' && v.kind !== 'prefix' && v.kind !== 'part') return;
        var reference = own !== null ? own
          : Math.min.apply(null, v.terms.map(idf).concat(v.kind === 'synonym' ? synElsewhere : []));
        v.scale = v.terms.map(function (t) { return Math.min(1, reference / idf(t)); });
      });
      all = all.map(idf).concat(synElsewhere);
      var specificity = own !== null ? own : (all.length ? Math.min.apply(null, all) : 0);
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
      var unique = Array.from(new Set(words(text, stopwords))).slice(0, MAX_QUERY_WORDS);
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
      prepare: index, docs: loaded.docs, stem: stem, isKnown: isKnown, analyse: analyse, search: search,
      hasWords: function (text) { return words(text, stopwords).length > 0; }
    };
  }

  var api = { VERSIE: VERSIE, fold: fold, words: words, makeStemmer: makeStemmer, compoundSplits: compoundSplits, compoundParts: compoundParts, urgentText: urgentText, toLunr: toLunr,
    Zoeker: Zoeker };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.Zoektermen = api;
})(typeof self !== 'undefined' ? self : this);
