/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-synthetic-catalog"

#include "config.h"

#include <math.h>

#include "bs-book-record.h"
#include "bs-synthetic-catalog.h"

/* Generated books that stand for a real catalog in benchmarks: titles of 2 to 8 words
 * drawn from a 50,000-word vocabulary with Zipf's law (s = 1: the word of rank r comes
 * up in proportion to 1/r), authors from 2,000 given × 5,000 family names, 40
 * categories. Book sN is drawn from a generator seeded with N alone, so it is the same
 * whatever number of books is asked for. */

#define GIVEN_NAMES 2000
#define FAMILY_NAMES 5000
#define NAME_STRETCH 200000

/* The commonest words are those of real titles; the rest are made of syllables. */
static const char * const common_words[] = {
  "the", "of", "and", "a", "in", "to", "for", "with", "on", "my", "from", "at", "by",
  "your", "how", "life", "world", "guide", "book", "love", "new", "history", "art",
  "story", "house", "last", "time", "war", "night", "home", "little", "great", "stone",
  "garden", "kitchen", "city", "water", "light", "dark", "secret", "good", "old", "one",
  "day", "black", "white", "red", "blue", "green", "sea", "road", "king", "queen",
  "children", "women", "man", "people", "family", "heart", "mind", "body", "food",
  "cooking", "database", "science", "design", "power", "wood", "fire", "river", "winter",
  "summer", "island", "forest", "journey", "school", "music", "money", "work", "health",
  "nature", "machine", "engine", "data", "code", "systems", "practical",
  "complete", "modern", "simple", "essential", "introduction", "handbook", "lessons",
  "letters", "tales", "notes", "recipes", "songs", "poems", "short", "long", "wild",
  "quiet", "lost", "hidden", "golden", "silver", "iron", "glass", "paper", "bread",
  "wine", "tea", "coffee", "cars", "roads", "bridges", "castle", "harbour", "mountain",
  "valley", "field", "farm", "village", "street", "window", "door", "table", "chair",
  "workshop", "tools", "joinery", "chisel", "planet", "orbit", "stars", "moon", "sun",
  "rain", "snow", "wind", "storm", "north", "south", "east", "west", "beginners",
  "experts", "makers", "builders", "travellers", "dreamers",
};
static const char * const categories[] = {
  "Cookbooks", "Database", "Fairy Tales", "Science Fiction", "Home Improvement", "Cars",
  "Woodwork", "History", "Biography", "Poetry", "Travel", "Gardening", "Crime", "Romance",
  "Fantasy", "Horror", "Philosophy", "Religion", "Psychology", "Economics", "Politics",
  "Law", "Medicine", "Mathematics", "Physics", "Chemistry", "Biology", "Astronomy",
  "Computing", "Engineering", "Art", "Music", "Film", "Photography", "Sports", "Games",
  "Children", "Comics", "Languages", "Reference",
};
static const char * const onsets[] = {
  "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
  "br", "ch", "st", "tr",
};
static const char * const vowels[] = { "a", "e", "i", "o", "u" };

typedef struct {
  GPtrArray *words;          /* (element-type utf8): by rank, from 1 */
  double    *cumulative;     /* Zipf's law: the share of the words of rank ≤ r + 1 */
} Vocabulary;

/* SplitMix64: small, fast and the same on every machine. */
static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += 0x9e3779b97f4a7c15ULL);

  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static guint
random_below (guint64 *state,
              guint    bound)
{
  return (guint) (next_random (state) % bound);
}

static double
random_unit (guint64 *state)
{
  return (double) (next_random (state) >> 11) / (double) (1ULL << 53);
}

/* The syllable word numbered @n: two syllables for the first 10,000, then three. */
static char *
syllable_word (guint n)
{
  const guint syllables = G_N_ELEMENTS (onsets) * G_N_ELEMENTS (vowels);
  guint count = n < syllables * syllables ? 2 : 3;
  GString *word = g_string_new (NULL);

  if (count == 3)
    n -= syllables * syllables;
  for (guint i = 0; i < count; i++, n /= syllables)
    {
      g_string_append (word, onsets[(n % syllables) / G_N_ELEMENTS (vowels)]);
      g_string_append (word, vowels[n % G_N_ELEMENTS (vowels)]);
    }
  return g_string_free (word, FALSE);
}

static gpointer
vocabulary_new (gpointer data)
{
  Vocabulary *vocabulary = g_new0 (Vocabulary, 1);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  double total = 0;

  vocabulary->words = g_ptr_array_new_full (BS_SYNTHETIC_VOCABULARY, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (common_words); i++)
    if (g_hash_table_add (taken, (gpointer) common_words[i]))
      g_ptr_array_add (vocabulary->words, g_strdup (common_words[i]));
  for (guint n = 0; vocabulary->words->len < BS_SYNTHETIC_VOCABULARY; n++)
    {
      char *word = syllable_word (n);

      if (g_hash_table_contains (taken, word))
        g_free (word);
      else
        g_ptr_array_add (vocabulary->words, word);
    }

  vocabulary->cumulative = g_new (double, BS_SYNTHETIC_VOCABULARY);
  for (guint r = 0; r < BS_SYNTHETIC_VOCABULARY; r++)
    vocabulary->cumulative[r] = total += 1.0 / (r + 1);
  for (guint r = 0; r < BS_SYNTHETIC_VOCABULARY; r++)
    vocabulary->cumulative[r] /= total;
  return vocabulary;
}

static const Vocabulary *
vocabulary_get (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, vocabulary_new, NULL);
}

/* The word of rank @rank (1 is the commonest). */
const char *
bs_synthetic_title_word (guint rank)
{
  g_return_val_if_fail (rank >= 1 && rank <= BS_SYNTHETIC_VOCABULARY, NULL);

  return g_ptr_array_index (vocabulary_get ()->words, rank - 1);
}

static const char *
draw_word (const Vocabulary *vocabulary,
           guint64          *state)
{
  double u = random_unit (state);
  guint low = 0, high = BS_SYNTHETIC_VOCABULARY - 1;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (vocabulary->cumulative[middle] < u)
        low = middle + 1;
      else
        high = middle;
    }
  return g_ptr_array_index (vocabulary->words, low);
}

static void
append_capitalized (GString    *out,
                    const char *word)
{
  g_string_append_unichar (out, g_unichar_totitle (g_utf8_get_char (word)));
  g_string_append (out, g_utf8_next_char (word));
}

/* Names are three-syllable words far past the vocabulary's, spread by a multiplier
 * prime to the stretch so that all their syllables vary. */
static void
append_name (GString *out,
             guint    n,
             guint    start)
{
  g_autofree char *name = syllable_word (start + (n * 104729u) % NAME_STRETCH);

  append_capitalized (out, name);
}

GPtrArray *
bs_synthetic_catalog_new (guint n_books)
{
  const Vocabulary *vocabulary = vocabulary_get ();
  GPtrArray *books = g_ptr_array_new_full (n_books, (GDestroyNotify) bs_book_record_free);

  for (guint i = 1; i <= n_books; i++)
    {
      guint64 state = i;
      guint n_words = 2 + random_below (&state, 7);
      g_autoptr(GString) title = g_string_new (NULL);
      g_autoptr(GString) author = g_string_new (NULL);
      g_autofree char *book_id = g_strdup_printf ("s%u", i);
      const char *category = categories[random_below (&state, G_N_ELEMENTS (categories))];
      gint64 price_cents = 399 + random_below (&state, 19600);
      int rating_tenths = 25 + (int) random_below (&state, 26);

      for (guint w = 0; w < n_words; w++)
        {
          if (w > 0)
            g_string_append_c (title, ' ');
          append_capitalized (title, draw_word (vocabulary, &state));
        }
      append_name (author, random_below (&state, GIVEN_NAMES), 200000);
      g_string_append_c (author, ' ');
      append_name (author, random_below (&state, FAMILY_NAMES), 400000);

      g_ptr_array_add (books, bs_book_record_new (book_id, title->str, author->str, category,
                                                  price_cents, rating_tenths));
    }
  return books;
}
