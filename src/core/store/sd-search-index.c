/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-search-index"

#include "sd-i18n.h"

#include <string.h>

#include "sd-error.h"
#include "sd-search-index-private.h"

/*
 * The customer search index: an inverted index built in memory by one scan of the
 * customers and stored as one row a gram in search_postings.
 *
 * Text model. Each searchable field is normalised to a sequence of code points: ASCII and
 * full-width Latin letters folded to lower case, other cased letters case-folded, and white
 * space, punctuation, symbols and control characters dropped. The fields are the name, the
 * nick, the phone (its digits only), the street address, each note, and the region
 * (province, city and district read as one text: "浙江省杭州市西湖区"). A customer matches
 * when the normalised query is a substring of one of its normalised fields, with one
 * exception: the phone only matches queries of four or more digits, so that "1" or "138"
 * do not return every customer.
 *
 * Grams. Outside the phone, every code point is a unigram and every adjacent pair a bigram;
 * in every field each window of four ASCII digits is a digit 4-gram. A gram is an integer,
 * kind << 60 | payload. Unigram lists hold ids; bigram and 4-gram lists hold (id, position)
 * pairs, the position counted through the customer's fields laid end to end with a gap
 * between fields, so that a query of any length is an exact chain of grams at consecutive
 * positions, never spanning two fields. Lists are LEB128 varints: the id delta (0 for a
 * second position in the same customer), then the position.
 *
 * Regions. Few distinct regions exist (thousands against a million customers), so they are
 * a dictionary: the row of GRAM_REGION_DICTIONARY holds their normalised texts, one a line,
 * and the REGION gram of line n lists the customers of region n. A lookup matches the
 * query against the dictionary's text: exact, and one row to read.
 *
 * Building. One scan of the customers in id order (notes merged in by customer id), so each
 * list only grows at its end. The calling thread reads and normalises the rows and adds the
 * unigrams and regions; a worker thread takes the normalised text in batches and adds the
 * bigrams and 4-grams. The lists are then written in gram order.
 *
 * Staleness. Customers changed since the build (search_dirty) and ids above the largest id
 * the build saw are dropped from what the postings say and checked against their current
 * rows instead. Nothing else of the index is kept between calls: every function works on
 * the SdDb it is given, on the thread that owns that connection.
 */

#define GRAM_UNIGRAM  G_GUINT64_CONSTANT (1)
#define GRAM_BIGRAM   G_GUINT64_CONSTANT (2)
#define GRAM_DIGITS4  G_GUINT64_CONSTANT (3)
#define GRAM_REGION   G_GUINT64_CONSTANT (4)
#define GRAM_REGION_DICTIONARY (G_GUINT64_CONSTANT (5) << GRAM_KIND_SHIFT)
#define GRAM_KIND_SHIFT 60
#define GRAM_KIND(g)  ((g) >> GRAM_KIND_SHIFT)

/* Unigrams of the CJK ideographs (and the ASCII pairs, the digit 4-grams) sit in arrays
 * indexed directly; everything else in a hash table. */
#define CJK_FIRST 0x3400
#define CJK_LAST  0x9fff

/* Chain matching keeps the possible start positions of a match as a bitmask; a customer
 * with a gram past it is checked against its row. */
#define POSITION_BITS 256

/* The stale customers a lookup still checks quickly; see _sd_search_index_maybe_rebuild(). */
#define STALE_MIN       1000
#define STALE_PER_MILLE 1

#define CANCEL_CHECK_MASK 0xffff

/* Code points of a normalised text. */
typedef struct
{
  gunichar *data;
  guint     len;
  guint     cap;
} CpBuf;

/* One gram's list while building. */
typedef struct
{
  gint64   last_id;
  guint8  *buf;
  guint32  len;
  guint32  cap;
} Posting;

typedef struct
{
  guint64 key;
  Posting posting;
} Slot;

typedef struct
{
  guint64  key;
  Posting *posting;
} SortedPosting;

/* Open addressing, linear probing; key 0 marks a free slot (every gram has a kind). */
typedef struct
{
  Slot  *slots;
  gsize  mask;
  gsize  n_used;
} GramTable;

/* Normalised text of a run of customers, handed from the reading thread to the worker. */
typedef struct
{
  gint64 id;
  guint  first_field;
  guint  n_fields;
} BatchCustomer;

typedef struct
{
  guint    start;
  guint    len;
  gboolean is_phone;
} BatchField;

typedef struct
{
  GArray  *customers;            /* BatchCustomer */
  GArray  *fields;               /* BatchField */
  CpBuf    cps;
} Batch;

/* The positional lists (bigrams, digit 4-grams), filled by a worker thread. */
typedef struct
{
  GramTable    table;
  Posting     *ascii_bigrams;    /* [a * 128 + b] */
  Posting     *digits4;
  GAsyncQueue *queued;            /* full batches, then &stop */
  GAsyncQueue *done;             /* batches to refill */
  Batch        batches[2];
  Batch        stop;
  GThread     *thread;
} PairBuilder;

/* The id lists (unigrams, regions), filled by the thread that reads the customers. */
typedef struct
{
  GramTable    table;
  Posting     *cjk_unigrams;
  GHashTable  *regions;          /* raw "province\x1fcity\x1fdistrict" → id */
  GPtrArray   *region_texts;     /* id - 1 → normalised text */
  GString     *region_key;
  CpBuf        scratch;
  PairBuilder  pairs;
} Builder;

/* One gram of a query chain: the gram at offset in the query. */
typedef struct
{
  guint64 gram;
  guint   offset;
  GBytes *bytes;
} PlanItem;

typedef struct
{
  gunichar *query;
  guint     query_len;
  char     *query_utf8;
  gboolean  all_digits;
  GArray   *items;              /* PlanItem */
} Plan;

/* A customer in a chain intersection: where a match could start. */
typedef struct
{
  gint64  id;
  guint64 starts[POSITION_BITS / 64];
  gboolean unsure;              /* a position past POSITION_BITS: check the row */
} Candidate;

/* Customers whose postings cannot be trusted: the dirty list and ids above max_id. */
typedef struct
{
  GArray *dirty;                /* gint64, ascending */
  gint64  max_id;
} Staleness;

void
_sd_id_set_free (SdIdSet *set)
{
  if (set == NULL)
    return;
  g_free (set->ids);
  g_free (set);
}

static SdIdSet *
id_set_new_take (GArray *ids)
{
  SdIdSet *set = g_new0 (SdIdSet, 1);

  set->len = ids->len;
  set->ids = (gint64 *) (void *) g_array_free (ids, FALSE);
  return set;
}

static int
id_compare (gconstpointer a,
            gconstpointer b)
{
  gint64 ia = *(const gint64 *) a;
  gint64 ib = *(const gint64 *) b;

  return ia < ib ? -1 : ia > ib;
}

/* Normalisation */

static inline void
cp_buf_push (CpBuf    *buf,
             gunichar  c)
{
  if (G_UNLIKELY (buf->len == buf->cap))
    {
      buf->cap = MAX (64, buf->cap * 2);
      buf->data = g_renew (gunichar, buf->data, buf->cap);
    }
  buf->data[buf->len++] = c;
}

static void
cp_buf_clear (CpBuf *buf)
{
  g_clear_pointer (&buf->data, g_free);
  buf->len = buf->cap = 0;
}

static inline gboolean
is_ascii_digit (gunichar c)
{
  return c >= '0' && c <= '9';
}

static void
push_folded (CpBuf    *out,
             gunichar  c)
{
  char utf8[8];
  int n = g_unichar_to_utf8 (c, utf8);
  g_autofree char *folded = g_utf8_casefold (utf8, n);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    cp_buf_push (out, g_utf8_get_char (p));
}

/* Appends the normalised form of @text to @out (see the comment at the top). */
static void
normalize_append (const char *text,
                  gboolean    digits_only,
                  CpBuf      *out)
{
  const guchar *p = (const guchar *) text;

  if (p == NULL)
    return;

  while (*p != '\0')
    {
      gunichar c = *p;

      if (c < 0x80)
        p++;
      else
        {
          c = g_utf8_get_char_validated ((const char *) p, -1);
          if (G_UNLIKELY (c == (gunichar) -1 || c == (gunichar) -2))
            {
              p++;
              continue;
            }
          p = (const guchar *) g_utf8_next_char (p);
          /* Full-width ASCII, common in Chinese input: read it as ASCII. */
          if (c >= 0xff01 && c <= 0xff5e)
            c -= 0xfee0;
        }

      if (c < 0x80)
        {
          if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
          if (is_ascii_digit (c) || (!digits_only && c >= 'a' && c <= 'z'))
            cp_buf_push (out, c);
          continue;
        }

      if (digits_only)
        continue;

      /* CJK ideographs, the bulk of the text: no case, no punctuation. */
      if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf))
        {
          cp_buf_push (out, c);
          continue;
        }

      switch (g_unichar_type (c))
        {
        case G_UNICODE_CONTROL:
        case G_UNICODE_FORMAT:
        case G_UNICODE_UNASSIGNED:
        case G_UNICODE_PRIVATE_USE:
        case G_UNICODE_SURROGATE:
        case G_UNICODE_CONNECT_PUNCTUATION:
        case G_UNICODE_DASH_PUNCTUATION:
        case G_UNICODE_CLOSE_PUNCTUATION:
        case G_UNICODE_FINAL_PUNCTUATION:
        case G_UNICODE_INITIAL_PUNCTUATION:
        case G_UNICODE_OTHER_PUNCTUATION:
        case G_UNICODE_OPEN_PUNCTUATION:
        case G_UNICODE_CURRENCY_SYMBOL:
        case G_UNICODE_MODIFIER_SYMBOL:
        case G_UNICODE_MATH_SYMBOL:
        case G_UNICODE_OTHER_SYMBOL:
        case G_UNICODE_LINE_SEPARATOR:
        case G_UNICODE_PARAGRAPH_SEPARATOR:
        case G_UNICODE_SPACE_SEPARATOR:
          break;
        case G_UNICODE_LOWERCASE_LETTER:
        case G_UNICODE_UPPERCASE_LETTER:
        case G_UNICODE_TITLECASE_LETTER:
          push_folded (out, c);
          break;
        case G_UNICODE_MODIFIER_LETTER:
        case G_UNICODE_OTHER_LETTER:
        case G_UNICODE_SPACING_MARK:
        case G_UNICODE_ENCLOSING_MARK:
        case G_UNICODE_NON_SPACING_MARK:
        case G_UNICODE_DECIMAL_NUMBER:
        case G_UNICODE_LETTER_NUMBER:
        case G_UNICODE_OTHER_NUMBER:
        default:
          cp_buf_push (out, c);
          break;
        }
    }
}

/* Grams */

static inline guint64
gram_unigram (gunichar c)
{
  return (GRAM_UNIGRAM << GRAM_KIND_SHIFT) | c;
}

static inline guint64
gram_bigram (gunichar a,
             gunichar b)
{
  return (GRAM_BIGRAM << GRAM_KIND_SHIFT) | ((guint64) a << 21) | b;
}

static inline guint
digits4_value (const gunichar *d)
{
  return (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
}

static inline guint64
gram_digits4 (const gunichar *d)
{
  return (GRAM_DIGITS4 << GRAM_KIND_SHIFT) | digits4_value (d);
}

static inline guint64
gram_region (gint64 region_id)
{
  return (GRAM_REGION << GRAM_KIND_SHIFT) | (guint64) region_id;
}

/* Varints */

static inline guint8 *
varint_put (guint8  *out,
            guint64  value)
{
  while (value >= 0x80)
    {
      *out++ = (guint8) (value | 0x80);
      value >>= 7;
    }
  *out++ = (guint8) value;
  return out;
}

static inline const guint8 *
varint_get (const guint8 *p,
            const guint8 *end,
            guint64      *out_value)
{
  guint64 value;
  guint shift = 7;

  if (G_LIKELY (p < end && *p < 0x80))
    {
      *out_value = *p;
      return p + 1;
    }
  if (p >= end)
    return NULL;
  value = *p++ & 0x7f;
  while (p < end && shift < 64)
    {
      guint8 byte = *p++;

      value |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          *out_value = value;
          return p;
        }
      shift += 7;
    }
  return NULL;
}

/* Building */

static inline void
posting_reserve (Posting *posting)
{
  /* Room for two varints. Every list is in memory at once: long ones grow by a quarter
   * (realloc moves them by remapping pages, not copying). */
  if (G_UNLIKELY (posting->cap - posting->len < 20))
    {
      posting->cap = MAX (32, posting->cap + (posting->cap < 65536 ? posting->cap / 2 : posting->cap / 4));
      posting->buf = g_realloc (posting->buf, posting->cap);
    }
}

static inline void
posting_add_id (Posting *posting,
                gint64   id)
{
  guint8 *end;

  if (posting->last_id == id)
    return;
  posting_reserve (posting);
  end = varint_put (posting->buf + posting->len, (guint64) (id - posting->last_id));
  posting->len = (guint32) (end - posting->buf);
  posting->last_id = id;
}

static inline void
posting_add_position (Posting *posting,
                      gint64   id,
                      guint    position)
{
  guint8 *end;

  posting_reserve (posting);
  end = varint_put (posting->buf + posting->len, (guint64) (id - posting->last_id));
  end = varint_put (end, position);
  posting->len = (guint32) (end - posting->buf);
  posting->last_id = id;
}

static inline gsize
slot_hash (guint64 key)
{
  return (gsize) ((key * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 32);
}

static void
gram_table_init (GramTable *table)
{
  table->slots = g_new0 (Slot, 1 << 16);
  table->mask = (1 << 16) - 1;
  table->n_used = 0;
}

static void
gram_table_clear (GramTable *table)
{
  if (table->slots == NULL)
    return;
  for (gsize i = 0; i <= table->mask; i++)
    g_free (table->slots[i].posting.buf);
  g_clear_pointer (&table->slots, g_free);
}

static void
gram_table_grow (GramTable *table)
{
  Slot *old = table->slots;
  gsize old_capacity = table->mask + 1;

  table->slots = g_new0 (Slot, old_capacity * 2);
  table->mask = old_capacity * 2 - 1;
  for (gsize i = 0; i < old_capacity; i++)
    {
      gsize j;

      if (old[i].key == 0)
        continue;
      for (j = slot_hash (old[i].key) & table->mask; table->slots[j].key != 0; j = (j + 1) & table->mask)
        ;
      table->slots[j] = old[i];
    }
  g_free (old);
}

static Posting *
gram_table_get (GramTable *table,
                guint64    key)
{
  gsize i = slot_hash (key) & table->mask;

  for (;;)
    {
      Slot *slot = &table->slots[i];

      if (slot->key == key)
        return &slot->posting;
      if (slot->key == 0)
        {
          if (G_UNLIKELY ((table->n_used + 1) * 2 > table->mask + 1))
            {
              gram_table_grow (table);
              return gram_table_get (table, key);
            }
          slot->key = key;
          table->n_used++;
          return &slot->posting;
        }
      i = (i + 1) & table->mask;
    }
}

static void
free_postings (Posting *postings,
               gsize    n)
{
  if (postings == NULL)
    return;
  for (gsize i = 0; i < n; i++)
    g_free (postings[i].buf);
  g_free (postings);
}

static void
batch_reset (Batch *batch)
{
  g_array_set_size (batch->customers, 0);
  g_array_set_size (batch->fields, 0);
  batch->cps.len = 0;
}

/* The worker: the bigrams and 4-grams of each field, at their positions. */
static void
pair_builder_add_batch (PairBuilder *pairs,
                        Batch       *batch)
{
  const BatchField *fields = (const BatchField *) (void *) batch->fields->data;

  for (guint c = 0; c < batch->customers->len; c++)
    {
      const BatchCustomer *customer = &g_array_index (batch->customers, BatchCustomer, c);
      gint64 id = customer->id;
      guint base = 0;

      for (guint f = customer->first_field; f < customer->first_field + customer->n_fields; f++)
        {
          const gunichar *cps = batch->cps.data + fields[f].start;
          guint len = fields[f].len;
          guint run = 0;

          for (guint i = 0; i < len; i++)
            {
              if (!fields[f].is_phone && i + 1 < len)
                {
                  gunichar a = cps[i], b = cps[i + 1];
                  Posting *posting;

                  if (a < 128 && b < 128)
                    posting = &pairs->ascii_bigrams[a * 128 + b];
                  else
                    posting = gram_table_get (&pairs->table, gram_bigram (a, b));
                  posting_add_position (posting, id, base + i);
                }
              if (is_ascii_digit (cps[i]))
                {
                  if (++run >= 4)
                    posting_add_position (&pairs->digits4[digits4_value (&cps[i - 3])], id, base + i - 3);
                }
              else
                run = 0;
            }
          /* The gap keeps chains from running from one field into the next. */
          base += len + 1;
        }
    }
}

static gpointer
pair_builder_thread (gpointer data)
{
  PairBuilder *pairs = data;
  Batch *batch;

  while ((batch = g_async_queue_pop (pairs->queued)) != &pairs->stop)
    {
      pair_builder_add_batch (pairs, batch);
      g_async_queue_push (pairs->done, batch);
    }
  return NULL;
}

static void
builder_init (Builder *builder)
{
  PairBuilder *pairs = &builder->pairs;

  memset (builder, 0, sizeof *builder);
  gram_table_init (&builder->table);
  builder->cjk_unigrams = g_new0 (Posting, CJK_LAST - CJK_FIRST + 1);
  builder->regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  builder->region_texts = g_ptr_array_new_with_free_func (g_free);
  builder->region_key = g_string_new (NULL);

  gram_table_init (&pairs->table);
  pairs->ascii_bigrams = g_new0 (Posting, 128 * 128);
  pairs->digits4 = g_new0 (Posting, 10000);
  pairs->queued = g_async_queue_new ();
  pairs->done = g_async_queue_new ();
  for (guint i = 0; i < G_N_ELEMENTS (pairs->batches); i++)
    {
      pairs->batches[i].customers = g_array_new (FALSE, FALSE, sizeof (BatchCustomer));
      pairs->batches[i].fields = g_array_new (FALSE, FALSE, sizeof (BatchField));
      g_async_queue_push (pairs->done, &pairs->batches[i]);
    }
  pairs->thread = g_thread_new ("sd-search-index", pair_builder_thread, pairs);
}

/* Waits for the worker to finish its batches. */
static void
builder_join (Builder *builder)
{
  PairBuilder *pairs = &builder->pairs;

  if (pairs->thread == NULL)
    return;
  g_async_queue_push (pairs->queued, &pairs->stop);
  g_thread_join (g_steal_pointer (&pairs->thread));
}

static void
builder_clear (Builder *builder)
{
  PairBuilder *pairs = &builder->pairs;

  builder_join (builder);
  gram_table_clear (&builder->table);
  free_postings (g_steal_pointer (&builder->cjk_unigrams), CJK_LAST - CJK_FIRST + 1);
  g_clear_pointer (&builder->regions, g_hash_table_unref);
  g_clear_pointer (&builder->region_texts, g_ptr_array_unref);
  if (builder->region_key != NULL)
    g_string_free (g_steal_pointer (&builder->region_key), TRUE);
  cp_buf_clear (&builder->scratch);

  gram_table_clear (&pairs->table);
  free_postings (g_steal_pointer (&pairs->ascii_bigrams), 128 * 128);
  free_postings (g_steal_pointer (&pairs->digits4), 10000);
  g_clear_pointer (&pairs->queued, g_async_queue_unref);
  g_clear_pointer (&pairs->done, g_async_queue_unref);
  for (guint i = 0; i < G_N_ELEMENTS (pairs->batches); i++)
    {
      g_clear_pointer (&pairs->batches[i].customers, g_array_unref);
      g_clear_pointer (&pairs->batches[i].fields, g_array_unref);
      cp_buf_clear (&pairs->batches[i].cps);
    }
}

/* Normalises one field into @batch for the worker, and adds its unigrams. */
static void
builder_add_text (Builder    *builder,
                  Batch      *batch,
                  gint64      id,
                  const char *text,
                  gboolean    is_phone)
{
  BatchField field = { batch->cps.len, 0, is_phone };
  BatchCustomer *customer;

  normalize_append (text, is_phone, &batch->cps);
  field.len = batch->cps.len - field.start;
  if (field.len == 0)
    return;
  g_array_append_val (batch->fields, field);
  customer = &g_array_index (batch->customers, BatchCustomer, batch->customers->len - 1);
  customer->n_fields++;

  if (is_phone)
    return;
  for (guint i = 0; i < field.len; i++)
    {
      gunichar c = batch->cps.data[field.start + i];

      if (c >= CJK_FIRST && c <= CJK_LAST)
        posting_add_id (&builder->cjk_unigrams[c - CJK_FIRST], id);
      else
        posting_add_id (gram_table_get (&builder->table, gram_unigram (c)), id);
    }
}

static void
builder_add_region (Builder    *builder,
                    gint64      id,
                    const char *province,
                    const char *city,
                    const char *district)
{
  gpointer value;
  gint64 region_id;

  if (*province == '\0' && *city == '\0' && *district == '\0')
    return;

  g_string_truncate (builder->region_key, 0);
  g_string_append (builder->region_key, province);
  g_string_append_c (builder->region_key, '\x1f');
  g_string_append (builder->region_key, city);
  g_string_append_c (builder->region_key, '\x1f');
  g_string_append (builder->region_key, district);

  if (g_hash_table_lookup_extended (builder->regions, builder->region_key->str, NULL, &value))
    region_id = GPOINTER_TO_SIZE (value);
  else
    {
      builder->scratch.len = 0;
      normalize_append (province, FALSE, &builder->scratch);
      normalize_append (city, FALSE, &builder->scratch);
      normalize_append (district, FALSE, &builder->scratch);
      if (builder->scratch.len == 0)
        region_id = 0;
      else
        {
          g_ptr_array_add (builder->region_texts,
                           g_ucs4_to_utf8 (builder->scratch.data, builder->scratch.len, NULL, NULL, NULL));
          region_id = builder->region_texts->len;
        }
      g_hash_table_insert (builder->regions, g_strdup (builder->region_key->str), GSIZE_TO_POINTER (region_id));
    }
  if (region_id != 0)
    posting_add_id (gram_table_get (&builder->table, gram_region (region_id)), id);
}

static void
collect_postings (GArray  *sorted,
                  Posting *postings,
                  gsize    n,
                  guint64  (*key_of) (gsize index))
{
  for (gsize i = 0; i < n; i++)
    if (postings[i].len > 0)
      {
        SortedPosting entry = { key_of (i), &postings[i] };
        g_array_append_val (sorted, entry);
      }
}

static void
collect_table (GArray    *sorted,
               GramTable *table)
{
  for (gsize i = 0; i <= table->mask; i++)
    if (table->slots[i].key != 0)
      {
        SortedPosting entry = { table->slots[i].key, &table->slots[i].posting };
        g_array_append_val (sorted, entry);
      }
}

static guint64
cjk_key (gsize index)
{
  return gram_unigram ((gunichar) (index + CJK_FIRST));
}

static guint64
ascii_bigram_key (gsize index)
{
  return gram_bigram ((gunichar) (index / 128), (gunichar) (index % 128));
}

static guint64
digits4_key (gsize index)
{
  return (GRAM_DIGITS4 << GRAM_KIND_SHIFT) | index;
}

static int
sorted_posting_compare (gconstpointer a,
                        gconstpointer b)
{
  guint64 ka = ((const SortedPosting *) a)->key;
  guint64 kb = ((const SortedPosting *) b)->key;

  return ka < kb ? -1 : ka > kb;
}

static gboolean
ensure_transaction (SdDb     *db,
                    gboolean *out_began,
                    GError  **error)
{
  *out_began = FALSE;
  if (sd_db_in_transaction (db))
    return TRUE;
  if (!sd_db_begin (db, error))
    return FALSE;
  *out_began = TRUE;
  return TRUE;
}

static gboolean
set_meta (SdDb        *db,
          const char  *key,
          gint64       value,
          GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "INSERT INTO search_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, key);
  sd_stmt_bind_int64 (stmt, 2, value);
  return _sd_db_step_done (db, stmt, error);
}

static gboolean
step_notes (SdDb          *db,
            SdStmt  *notes,
            gint64        *out_customer_id,
            GError       **error)
{
  int rc = sd_stmt_step (notes);

  if (rc == SD_STMT_ROW)
    *out_customer_id = sd_stmt_column_int64 (notes, 0);
  else if (rc == SD_STMT_DONE)
    *out_customer_id = G_MAXINT64;
  else
    {
      _sd_db_set_error (db, error, rc, _("read the notes for the search index"));
      return FALSE;
    }
  return TRUE;
}

#define BATCH_SIZE 4096

static gboolean
builder_scan (Builder       *builder,
              SdDb          *db,
              GCancellable  *cancellable,
              gint64        *out_n_customers,
              gint64        *out_max_id,
              GError       **error)
{
  PairBuilder *pairs = &builder->pairs;
  SdStmt *customers, *notes;
  gint64 note_customer = G_MAXINT64;
  gint64 n = 0;
  Batch *batch = NULL;
  gboolean ok = FALSE;
  int rc;

  customers = _sd_db_prepare (db,
                              "SELECT id, name, nick, phone, address, province, city, district "
                              "FROM customers ORDER BY id", error);
  if (customers == NULL)
    return FALSE;
  notes = _sd_db_prepare (db, "SELECT customer_id, body FROM customer_notes ORDER BY customer_id", error);
  if (notes == NULL || !step_notes (db, notes, &note_customer, error))
    goto out;

  batch = g_async_queue_pop (pairs->done);
  batch_reset (batch);

  while ((rc = sd_stmt_step (customers)) == SD_STMT_ROW)
    {
      BatchCustomer customer = { sd_stmt_column_int64 (customers, 0), batch->fields->len, 0 };

      if ((++n & CANCEL_CHECK_MASK) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      g_array_append_val (batch->customers, customer);
      builder_add_text (builder, batch, customer.id, sd_stmt_column_text (customers, 1), FALSE);
      builder_add_text (builder, batch, customer.id, sd_stmt_column_text (customers, 2), FALSE);
      builder_add_text (builder, batch, customer.id, sd_stmt_column_text (customers, 3), TRUE);
      builder_add_text (builder, batch, customer.id, sd_stmt_column_text (customers, 4), FALSE);
      builder_add_region (builder, customer.id,
                          sd_stmt_column_text (customers, 5),
                          sd_stmt_column_text (customers, 6),
                          sd_stmt_column_text (customers, 7));

      /* Notes of customers that no longer exist cannot be, but skip them all the same. */
      while (note_customer <= customer.id)
        {
          if (note_customer == customer.id)
            builder_add_text (builder, batch, customer.id, sd_stmt_column_text (notes, 1), FALSE);
          if (!step_notes (db, notes, &note_customer, error))
            goto out;
        }
      *out_max_id = customer.id;

      if (batch->customers->len == BATCH_SIZE)
        {
          g_async_queue_push (pairs->queued, g_steal_pointer (&batch));
          batch = g_async_queue_pop (pairs->done);
          batch_reset (batch);
        }
    }
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("read the customers for the search index"));
      goto out;
    }
  g_async_queue_push (pairs->queued, g_steal_pointer (&batch));
  *out_n_customers = n;
  ok = TRUE;

out:
  sd_stmt_reset (customers);
  sd_stmt_reset (notes);
  builder_join (builder);
  return ok;
}

static gboolean
builder_write (Builder  *builder,
               SdDb     *db,
               gint64   *out_n_grams,
               GError  **error)
{
  g_autoptr(GArray) sorted = g_array_sized_new (FALSE, FALSE, sizeof (SortedPosting), builder->table.n_used + builder->pairs.table.n_used + 30000);
  SdStmt *insert;

  collect_postings (sorted, builder->cjk_unigrams, CJK_LAST - CJK_FIRST + 1, cjk_key);
  collect_postings (sorted, builder->pairs.ascii_bigrams, 128 * 128, ascii_bigram_key);
  collect_postings (sorted, builder->pairs.digits4, 10000, digits4_key);
  collect_table (sorted, &builder->table);
  collect_table (sorted, &builder->pairs.table);
  /* Rows in key order: SQLite appends at the right edge of the b-tree. */
  g_array_sort (sorted, sorted_posting_compare);

  if (!_sd_db_exec (db, "DELETE FROM search_postings; DELETE FROM search_dirty;", error))
    return FALSE;

  insert = _sd_db_prepare (db, "INSERT INTO search_postings (gram, ids) VALUES (?, ?)", error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < sorted->len; i++)
    {
      SortedPosting *entry = &g_array_index (sorted, SortedPosting, i);

      sd_stmt_bind_int64 (insert, 1, (gint64) entry->key);
      sd_stmt_bind_blob (insert, 2, entry->posting->buf, entry->posting->len);
      if (!_sd_db_step_done (db, insert, error))
        return FALSE;
      /* Give the memory back as we go: SQLite's cache grows while we write. */
      g_clear_pointer (&entry->posting->buf, g_free);
    }
  sd_stmt_clear_bindings (insert);

  /* The region dictionary: one text, a line a region, line n for region id n. */
  {
    g_autoptr(GString) regions = g_string_new (NULL);

    for (guint i = 0; i < builder->region_texts->len; i++)
      {
        g_string_append (regions, g_ptr_array_index (builder->region_texts, i));
        g_string_append_c (regions, '\n');
      }
    sd_stmt_bind_int64 (insert, 1, (gint64) GRAM_REGION_DICTIONARY);
    sd_stmt_bind_text_len (insert, 2, regions->str, regions->len);
    if (!_sd_db_step_done (db, insert, error))
      return FALSE;
    sd_stmt_clear_bindings (insert);
  }

  *out_n_grams = sorted->len;
  return TRUE;
}

static gboolean
rebuild_in_transaction (SdDb          *db,
                        GCancellable  *cancellable,
                        GError       **error)
{
  Builder builder;
  gint64 n_customers = 0, max_id = 0, n_grams = 0;
  gint64 start = g_get_monotonic_time (), scanned;
  gboolean ok;

  builder_init (&builder);
  ok = builder_scan (&builder, db, cancellable, &n_customers, &max_id, error) &&
       !g_cancellable_set_error_if_cancelled (cancellable, error);
  scanned = g_get_monotonic_time ();
  ok = ok &&
       builder_write (&builder, db, &n_grams, error) &&
       set_meta (db, "max_id", max_id, error) &&
       set_meta (db, "n_customers", n_customers, error) &&
       set_meta (db, "n_grams", n_grams, error) &&
       set_meta (db, "built_at", g_get_real_time () / G_USEC_PER_SEC, error);
  builder_clear (&builder);
  if (ok)
    g_debug ("Search index: %" G_GINT64_FORMAT " customers, %" G_GINT64_FORMAT " grams; "
             "read %.2f s, written %.2f s",
             n_customers, n_grams, (scanned - start) / 1e6, (g_get_monotonic_time () - scanned) / 1e6);
  return ok;
}

char *
_sd_search_index_fold (const char *text)
{
  CpBuf cps = { 0 };
  GString *out = g_string_new (NULL);

  normalize_append (text, FALSE, &cps);
  for (guint i = 0; i < cps.len; i++)
    g_string_append_unichar (out, cps.data[i]);
  cp_buf_clear (&cps);
  return g_string_free (out, FALSE);
}

gboolean
_sd_search_index_rebuild (SdDb          *db,
                          GCancellable  *cancellable,
                          GError       **error)
{
  gboolean began;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A team database searches through the server's own trigram indexes, always current. */
  if (_sd_db_is_team (db))
    return TRUE;
  if (!ensure_transaction (db, &began, error))
    return FALSE;
  if (!rebuild_in_transaction (db, cancellable, error))
    {
      if (began)
        sd_db_rollback (db);
      return FALSE;
    }
  return began ? sd_db_commit (db, error) : TRUE;
}

gboolean
_sd_search_index_mark_dirty (SdDb    *db,
                             gint64   customer_id,
                             GError **error)
{
  SdStmt *stmt;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (_sd_db_is_team (db))
    return TRUE;
  stmt = _sd_db_prepare (db, "INSERT INTO search_dirty (customer_id) VALUES (?) ON CONFLICT DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  return _sd_db_step_done (db, stmt, error);
}

static gint64
get_max_id (SdDb *db)
{
  return _sd_db_query_int (db, "SELECT value FROM search_meta WHERE key = 'max_id'", 0);
}

gint64
_sd_search_index_count_stale (SdDb *db)
{
  SdStmt *stmt;
  gint64 n = 0;

  g_return_val_if_fail (db != NULL, 0);

  stmt = _sd_db_prepare (db,
                         "SELECT (SELECT count(*) FROM search_dirty WHERE customer_id <= ?1) + "
                         "(SELECT count(*) FROM customers WHERE id > ?1)", NULL);
  if (stmt == NULL)
    return 0;
  sd_stmt_bind_int64 (stmt, 1, get_max_id (db));
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    n = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return n;
}

gint64
_sd_search_index_get_stale_limit (SdDb *db)
{
  gint64 n_customers;

  g_return_val_if_fail (db != NULL, 0);

  n_customers = _sd_db_query_int (db, "SELECT count(*) FROM customers", 0);
  return MAX (STALE_MIN, n_customers * STALE_PER_MILLE / 1000);
}

gboolean
_sd_search_index_maybe_rebuild (SdDb          *db,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (_sd_db_is_team (db) ||
      _sd_search_index_count_stale (db) <= _sd_search_index_get_stale_limit (db))
    return TRUE;
  g_debug ("Rebuilding the search index: too many customers changed since the last build");
  return _sd_search_index_rebuild (db, cancellable, error);
}

/* Lookup */

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->query, g_free);
  g_clear_pointer (&plan->query_utf8, g_free);
  if (plan->items != NULL)
    {
      for (guint i = 0; i < plan->items->len; i++)
        g_clear_pointer (&g_array_index (plan->items, PlanItem, i).bytes, g_bytes_unref);
      g_clear_pointer (&plan->items, g_array_unref);
    }
}

static void
plan_add (Plan    *plan,
          guint64  gram,
          guint    offset)
{
  PlanItem item = { gram, offset, NULL };

  g_array_append_val (plan->items, item);
}

static gboolean
plan_init (Plan        *plan,
           const char  *query,
           GError     **error)
{
  CpBuf cps = { 0 };

  normalize_append (query, FALSE, &cps);
  plan->query = cps.data;
  plan->query_len = cps.len;
  plan->items = g_array_new (FALSE, FALSE, sizeof (PlanItem));

  if (plan->query_len == 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("Type a letter, a character or a digit to search for."));
      return FALSE;
    }
  plan->query_utf8 = g_ucs4_to_utf8 (plan->query, plan->query_len, NULL, NULL, NULL);

  plan->all_digits = TRUE;
  for (guint i = 0; i < plan->query_len; i++)
    if (!is_ascii_digit (plan->query[i]))
      plan->all_digits = FALSE;

  if (plan->all_digits && plan->query_len >= 4)
    {
      for (guint i = 0; i + 4 <= plan->query_len; i++)
        plan_add (plan, gram_digits4 (&plan->query[i]), i);
    }
  else if (plan->query_len == 1)
    plan_add (plan, gram_unigram (plan->query[0]), 0);
  else
    {
      /* The 4-grams of a long digit run are far more selective than its digit pairs. */
      guint run = 0;

      for (guint i = 0; i < plan->query_len; i++)
        {
          if (i + 1 < plan->query_len)
            plan_add (plan, gram_bigram (plan->query[i], plan->query[i + 1]), i);
          run = is_ascii_digit (plan->query[i]) ? run + 1 : 0;
          if (run >= 4)
            plan_add (plan, gram_digits4 (&plan->query[i - 3]), i - 3);
        }
    }
  return TRUE;
}

static gboolean
contains (const gunichar *hay,
          guint           hay_len,
          const gunichar *needle,
          guint           needle_len)
{
  if (needle_len > hay_len)
    return FALSE;
  for (guint i = 0; i + needle_len <= hay_len; i++)
    if (hay[i] == needle[0] && memcmp (hay + i, needle, needle_len * sizeof (gunichar)) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
text_matches (const Plan *plan,
              CpBuf      *scratch,
              const char *text,
              gboolean    is_phone)
{
  if (is_phone && !(plan->all_digits && plan->query_len >= 4))
    return FALSE;
  scratch->len = 0;
  normalize_append (text, is_phone, scratch);
  return contains (scratch->data, scratch->len, plan->query, plan->query_len);
}

/* Columns from @first: name, nick, phone, address, province, city, district. */
#define ROW_COLUMNS "name, nick, phone, address, province, city, district"

static gboolean
row_matches (const Plan   *plan,
             CpBuf        *scratch,
             SdStmt *stmt,
             int           first)
{
  if (text_matches (plan, scratch, sd_stmt_column_text (stmt, first), FALSE) ||
      text_matches (plan, scratch, sd_stmt_column_text (stmt, first + 1), FALSE) ||
      text_matches (plan, scratch, sd_stmt_column_text (stmt, first + 2), TRUE) ||
      text_matches (plan, scratch, sd_stmt_column_text (stmt, first + 3), FALSE))
    return TRUE;

  scratch->len = 0;
  for (int col = first + 4; col <= first + 6; col++)
    normalize_append (sd_stmt_column_text (stmt, col), FALSE, scratch);
  return contains (scratch->data, scratch->len, plan->query, plan->query_len);
}

static gboolean
search_failed (SdDb    *db,
               int      rc,
               GError **error)
{
  _sd_db_set_error (db, error, rc, _("search the customers"));
  return FALSE;
}

static gboolean
corrupt_postings (GError **error)
{
  g_set_error_literal (error, SD_ERROR, SD_ERROR_CORRUPT,
                       _("The search index of this shop is damaged; it has to be rebuilt before searching."));
  return FALSE;
}

static gboolean
fetch_postings (SdDb     *db,
                guint64   gram,
                GBytes  **out_bytes,
                GError  **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT ids FROM search_postings WHERE gram = ?", error);
  int rc;

  *out_bytes = NULL;
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, (gint64) gram);
  rc = sd_stmt_step (stmt);
  if (rc == SD_STMT_ROW)
    {
      gsize length = 0;
      gconstpointer data = sd_stmt_column_blob (stmt, 0, &length);
      *out_bytes = g_bytes_new (data, length);
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_ROW && rc != SD_STMT_DONE)
    return search_failed (db, rc, error);
  return TRUE;
}

static inline gboolean
gram_has_positions (guint64 gram)
{
  return GRAM_KIND (gram) == GRAM_BIGRAM || GRAM_KIND (gram) == GRAM_DIGITS4;
}

/* The distinct ids of a list, appended to @out. */
static gboolean
decode_ids (GBytes   *bytes,
            gboolean  positions,
            GArray   *out,
            GError  **error)
{
  gsize size;
  const guint8 *p = g_bytes_get_data (bytes, &size);
  const guint8 *end = p + size;
  gint64 id = 0;

  while (p < end)
    {
      guint64 delta, position;

      p = varint_get (p, end, &delta);
      if (p == NULL || (positions && (p = varint_get (p, end, &position)) == NULL))
        return corrupt_postings (error);
      if (delta == 0 && out->len > 0)
        continue;
      id += (gint64) delta;
      g_array_append_val (out, id);
    }
  return TRUE;
}

static inline void
candidate_add_start (Candidate *candidate,
                     guint64    position,
                     guint      offset)
{
  guint64 start;

  if (position < offset)
    return;
  start = position - offset;
  if (start < POSITION_BITS)
    candidate->starts[start / 64] |= G_GUINT64_CONSTANT (1) << (start % 64);
  else
    candidate->unsure = TRUE;
}

static inline gboolean
candidate_alive (const Candidate *candidate)
{
  guint64 any = 0;

  for (guint w = 0; w < POSITION_BITS / 64; w++)
    any |= candidate->starts[w];
  return any != 0 || candidate->unsure;
}

/* The first list of a chain: every customer with where a match could start. */
static gboolean
chain_start (const PlanItem *item,
             GArray         *out,
             GError        **error)
{
  gsize size;
  const guint8 *p = g_bytes_get_data (item->bytes, &size);
  const guint8 *end = p + size;
  Candidate *current = NULL;
  gint64 id = 0;

  g_array_set_size (out, 0);
  while (p < end)
    {
      guint64 delta, position;

      p = varint_get (p, end, &delta);
      if (p == NULL || (p = varint_get (p, end, &position)) == NULL)
        return corrupt_postings (error);
      if (delta != 0 || current == NULL)
        {
          Candidate fresh = { 0 };

          if (current != NULL && !candidate_alive (current))
            g_array_set_size (out, out->len - 1);
          id += (gint64) delta;
          fresh.id = id;
          g_array_append_val (out, fresh);
          current = &g_array_index (out, Candidate, out->len - 1);
        }
      candidate_add_start (current, position, item->offset);
    }
  if (current != NULL && !candidate_alive (current))
    g_array_set_size (out, out->len - 1);
  return TRUE;
}

/* Keeps the candidates that also have @item's gram where their match could start. */
static gboolean
chain_step (const PlanItem *item,
            GArray         *candidates,
            GError        **error)
{
  gsize size;
  const guint8 *p = g_bytes_get_data (item->bytes, &size);
  const guint8 *end = p + size;
  Candidate *data = (Candidate *) (void *) candidates->data;
  Candidate here = { 0 };
  guint i = 0, n = 0;
  gboolean have = FALSE;

  for (;;)
    {
      guint64 delta = 1, position = 0;
      gboolean at_end = p >= end;

      if (!at_end)
        {
          p = varint_get (p, end, &delta);
          if (p == NULL || (p = varint_get (p, end, &position)) == NULL)
            return corrupt_postings (error);
        }

      /* A new customer (or the end): settle the previous one. */
      if (have && (at_end || delta != 0))
        {
          while (i < candidates->len && data[i].id < here.id)
            i++;
          if (i < candidates->len && data[i].id == here.id)
            {
              Candidate merged = data[i];

              for (guint w = 0; w < POSITION_BITS / 64; w++)
                merged.starts[w] &= here.starts[w];
              merged.unsure = merged.unsure || here.unsure;
              if (candidate_alive (&merged))
                data[n++] = merged;
              i++;
            }
          have = FALSE;
        }
      if (at_end || i >= candidates->len)
        break;

      if (!have)
        {
          gint64 id = here.id + (gint64) delta;

          memset (&here, 0, sizeof here);
          here.id = id;
          have = TRUE;
        }
      candidate_add_start (&here, position, item->offset);
    }
  g_array_set_size (candidates, n);
  return TRUE;
}

static int
plan_item_size_compare (gconstpointer a,
                        gconstpointer b)
{
  gsize sa = g_bytes_get_size (((const PlanItem *) a)->bytes);
  gsize sb = g_bytes_get_size (((const PlanItem *) b)->bytes);

  return sa < sb ? -1 : sa > sb;
}

/* Checks each id against its current row and notes; keeps the ones that match. */
static gboolean
verify_ids (SdDb    *db,
            Plan    *plan,
            GArray  *ids,
            GError **error)
{
  SdStmt *row, *notes;
  gint64 *data = (gint64 *) (void *) ids->data;
  CpBuf scratch = { 0 };
  guint n = 0;
  int rc = SQLITE_OK;

  row = _sd_db_prepare (db, "SELECT " ROW_COLUMNS " FROM customers WHERE id = ?", error);
  if (row == NULL)
    return FALSE;
  notes = _sd_db_prepare (db, "SELECT body FROM customer_notes WHERE customer_id = ?", error);
  if (notes == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      gboolean match = FALSE;

      sd_stmt_bind_int64 (row, 1, data[i]);
      rc = sd_stmt_step (row);
      if (rc == SD_STMT_ROW)
        match = row_matches (plan, &scratch, row, 0);
      sd_stmt_reset (row);
      if (rc != SD_STMT_ROW && rc != SD_STMT_DONE)
        break;

      if (!match && rc == SD_STMT_ROW)
        {
          sd_stmt_bind_int64 (notes, 1, data[i]);
          while (!match && (rc = sd_stmt_step (notes)) == SD_STMT_ROW)
            match = text_matches (plan, &scratch, sd_stmt_column_text (notes, 0), FALSE);
          sd_stmt_reset (notes);
          if (rc != SD_STMT_ROW && rc != SD_STMT_DONE)
            break;
        }
      if (match)
        data[n++] = data[i];
      rc = SQLITE_OK;
    }
  cp_buf_clear (&scratch);

  if (rc != SQLITE_OK)
    return search_failed (db, rc, error);
  g_array_set_size (ids, n);
  return TRUE;
}

/* The ids whose name, nick, phone, street or notes contain the query, per the postings. */
static gboolean
postings_matches (SdDb    *db,
                  Plan    *plan,
                  GArray  *out,
                  GError **error)
{
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GArray) unsure = NULL;
  PlanItem *items;

  g_array_set_size (out, 0);
  for (guint i = 0; i < plan->items->len; i++)
    {
      PlanItem *item = &g_array_index (plan->items, PlanItem, i);

      if (!fetch_postings (db, item->gram, &item->bytes, error))
        return FALSE;
      if (item->bytes == NULL)
        return TRUE;
    }

  items = (PlanItem *) (void *) plan->items->data;
  if (plan->items->len == 1)
    return decode_ids (items[0].bytes, gram_has_positions (items[0].gram), out, error);

  /* Shortest list first: every later step can only shrink the set. */
  g_array_sort (plan->items, plan_item_size_compare);
  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  if (!chain_start (&items[0], candidates, error))
    return FALSE;
  for (guint i = 1; i < plan->items->len && candidates->len > 0; i++)
    if (!chain_step (&items[i], candidates, error))
      return FALSE;

  unsure = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *candidate = &g_array_index (candidates, Candidate, i);
      Candidate copy = *candidate;

      copy.unsure = FALSE;
      if (candidate_alive (&copy))
        g_array_append_val (out, candidate->id);
      else
        g_array_append_val (unsure, candidate->id);
    }
  if (unsure->len == 0)
    return TRUE;

  /* Customers with very long notes: read their rows. */
  if (!verify_ids (db, plan, unsure, error))
    return FALSE;
  for (guint i = 0; i < unsure->len; i++)
    g_array_append_val (out, g_array_index (unsure, gint64, i));
  g_array_sort (out, id_compare);
  return TRUE;
}

/* The ids whose region contains the query, appended to @out (unsorted). */
static gboolean
region_matches (SdDb    *db,
                Plan    *plan,
                GArray  *out,
                GError **error)
{
  g_autoptr(GArray) region_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  SdStmt *stmt = _sd_db_prepare (db, "SELECT ids FROM search_postings WHERE gram = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, (gint64) GRAM_REGION_DICTIONARY);
  rc = sd_stmt_step (stmt);
  if (rc == SD_STMT_ROW)
    {
      const char *text = sd_stmt_column_text (stmt, 0);
      const char *line = text;
      gint64 region_id = 1;

      /* Each hit, then on to the next line: a region counts once. */
      for (const char *hit = strstr (text, plan->query_utf8); hit != NULL; hit = strstr (line, plan->query_utf8))
        {
          const char *newline;

          for (newline = strchr (line, '\n'); newline != NULL && newline < hit; newline = strchr (line, '\n'))
            {
              line = newline + 1;
              region_id++;
            }
          g_array_append_val (region_ids, region_id);
          if (newline == NULL)
            break;
          line = newline + 1;
          region_id++;
        }
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_ROW && rc != SD_STMT_DONE)
    return search_failed (db, rc, error);

  for (guint i = 0; i < region_ids->len; i++)
    {
      g_autoptr(GBytes) bytes = NULL;

      if (!fetch_postings (db, gram_region (g_array_index (region_ids, gint64, i)), &bytes, error))
        return FALSE;
      if (bytes != NULL && !decode_ids (bytes, FALSE, out, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_staleness (SdDb       *db,
                Staleness  *stale,
                GError    **error)
{
  SdStmt *stmt;
  int rc;

  stale->max_id = get_max_id (db);
  stale->dirty = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = _sd_db_prepare (db, "SELECT customer_id FROM search_dirty WHERE customer_id <= ? ORDER BY customer_id", error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, stale->max_id);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      gint64 id = sd_stmt_column_int64 (stmt, 0);
      g_array_append_val (stale->dirty, id);
    }
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
    return search_failed (db, rc, error);
  return TRUE;
}

/* Drops the stale ids from @ids (both ascending). */
static void
remove_stale (GArray          *ids,
              const Staleness *stale)
{
  gint64 *data = (gint64 *) (void *) ids->data;
  const gint64 *dirty = (const gint64 *) (void *) stale->dirty->data;
  guint n = 0, j = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      if (data[i] > stale->max_id)
        break;
      while (j < stale->dirty->len && dirty[j] < data[i])
        j++;
      if (j < stale->dirty->len && dirty[j] == data[i])
        continue;
      data[n++] = data[i];
    }
  g_array_set_size (ids, n);
}

/* The stale customers that match, read from their current rows; appended to @out. */
static gboolean
stale_matches (SdDb       *db,
               Plan       *plan,
               Staleness  *stale,
               GArray     *out,
               GError    **error)
{
  /* CROSS JOIN: walk the short dirty list, never the customers. */
  static const char * const row_sql[] = {
    "SELECT c.id, c." ROW_COLUMNS " FROM search_dirty d CROSS JOIN customers c "
    "ON c.id = d.customer_id WHERE d.customer_id <= ?",
    "SELECT id, " ROW_COLUMNS " FROM customers WHERE id > ?",
  };
  static const char * const note_sql[] = {
    "SELECT n.customer_id, n.body FROM search_dirty d CROSS JOIN customer_notes n "
    "ON n.customer_id = d.customer_id WHERE d.customer_id <= ?",
    "SELECT customer_id, body FROM customer_notes WHERE customer_id > ?",
  };
  CpBuf scratch = { 0 };
  int rc = SD_STMT_DONE;

  for (guint k = 0; k < G_N_ELEMENTS (row_sql) && rc == SD_STMT_DONE; k++)
    {
      SdStmt *stmt;

      if (k == 0 && stale->dirty->len == 0)
        continue;

      stmt = _sd_db_prepare (db, row_sql[k], error);
      if (stmt == NULL)
        goto fail;
      sd_stmt_bind_int64 (stmt, 1, stale->max_id);
      while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
        if (row_matches (plan, &scratch, stmt, 1))
          {
            gint64 id = sd_stmt_column_int64 (stmt, 0);
            g_array_append_val (out, id);
          }
      sd_stmt_reset (stmt);
      if (rc != SD_STMT_DONE)
        break;

      stmt = _sd_db_prepare (db, note_sql[k], error);
      if (stmt == NULL)
        goto fail;
      sd_stmt_bind_int64 (stmt, 1, stale->max_id);
      while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
        if (text_matches (plan, &scratch, sd_stmt_column_text (stmt, 1), FALSE))
          {
            gint64 id = sd_stmt_column_int64 (stmt, 0);
            g_array_append_val (out, id);
          }
      sd_stmt_reset (stmt);
    }
  cp_buf_clear (&scratch);
  if (rc != SD_STMT_DONE)
    return search_failed (db, rc, error);
  return TRUE;

fail:
  cp_buf_clear (&scratch);
  return FALSE;
}

/* Sorts @ids and drops repeats. */
static void
sort_unique (GArray *ids)
{
  gint64 *data = (gint64 *) (void *) ids->data;
  guint n = 0;

  g_array_sort (ids, id_compare);
  for (guint i = 0; i < ids->len; i++)
    if (n == 0 || data[n - 1] != data[i])
      data[n++] = data[i];
  g_array_set_size (ids, n);
}

SdIdSet *
_sd_search_index_lookup (SdDb        *db,
                         const char  *query,
                         GError     **error)
{
  Plan plan = { 0 };
  Staleness stale = { 0 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) extra = g_array_new (FALSE, FALSE, sizeof (gint64));
  SdIdSet *result = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!plan_init (&plan, query, error) ||
      !load_staleness (db, &stale, error) ||
      !postings_matches (db, &plan, ids, error) ||
      !region_matches (db, &plan, extra, error))
    goto out;

  /* Region lists are disjoint (a customer has one region), but they interleave. */
  if (extra->len > 0)
    {
      g_array_append_vals (ids, extra->data, extra->len);
      sort_unique (ids);
      g_array_set_size (extra, 0);
    }
  remove_stale (ids, &stale);

  if (!stale_matches (db, &plan, &stale, extra, error))
    goto out;
  if (extra->len > 0)
    {
      g_array_append_vals (ids, extra->data, extra->len);
      sort_unique (ids);
    }
  result = id_set_new_take (g_steal_pointer (&ids));

out:
  plan_clear (&plan);
  g_clear_pointer (&stale.dirty, g_array_unref);
  return result;
}
