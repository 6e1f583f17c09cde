/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-search-index"

#include "sd-i18n.h"

#include <string.h>

#include "sd-error.h"
#include "sd-search-index-private.h"

/*
 * The customer search index: an inverted index of short "grams" built in memory and stored
 * as one row a gram in search_postings.
 *
 * Text model. Every searchable field is normalised to a sequence of code points: ASCII and
 * full-width Latin letters folded to lower case, other cased letters case-folded, and white
 * space, punctuation, symbols and control characters dropped. The fields are the name, the
 * nick, the phone (digits only), the region (province, city and district read as one run of
 * text), the street address, and each note. A customer matches a query when the normalised
 * query is a substring of one of its normalised fields, with one exception: the phone only
 * matches queries of four or more digits, so "1", "88" or "138" do not return everyone.
 *
 * Grams. Outside the phone, every code point is a unigram and every adjacent pair a bigram.
 * In every field, each window of four consecutive ASCII digits is a digit 4-gram. A gram is
 * an integer: GRAM_TAG << 60 | payload.
 *
 * Postings. The ascending ids of the customers that contain a gram, as deltas in LEB128
 * varints, in one BLOB. The rebuild reads the customers in id order, so each list grows at
 * its end and a gram repeated in one customer is dropped by comparing with the last id.
 *
 * Lookup. One code point: the unigram list. Two: the bigram list. Four to any number of
 * digits: the intersection of their 4-grams. Anything else: the intersection of its bigrams
 * (and of the 4-grams of its digit runs), each candidate then checked against its row. The
 * exact cases need no check. Customers changed since the build (search_dirty, and any id
 * above the largest id the build saw) are taken out of the postings' answer and checked
 * directly against their current rows.
 */

#define GRAM_UNIGRAM  G_GUINT64_CONSTANT (1)
#define GRAM_BIGRAM   G_GUINT64_CONSTANT (2)
#define GRAM_DIGITS4  G_GUINT64_CONSTANT (3)
#define GRAM_TAG_SHIFT 60

/* The dirty list that a lookup still scans quickly; see _sd_search_index_maybe_rebuild(). */
#define DIRTY_MIN       5000
#define DIRTY_PER_MILLE 5

#define CANCEL_CHECK_MASK 0xffff

/* Code points of a normalised field. */
typedef struct
{
  gunichar *data;
  guint     len;
  guint     cap;
} CpBuf;

/* One gram's postings while building. */
typedef struct
{
  guint64  key;
  gint64   last_id;
  guint8  *buf;
  guint32  len;
  guint32  cap;
} Posting;

/* Open addressing, linear probing; key 0 marks a free slot (every gram has a tag). */
typedef struct
{
  Posting *slots;
  gsize    mask;
  gsize    n_used;
} PostingTable;

/* What a lookup must find and how. */
typedef struct
{
  gunichar *query;
  guint     query_len;
  gboolean  all_digits;
  GArray   *grams;      /* guint64, distinct */
  gboolean  exact;      /* the intersection is the answer, no check needed */
} Plan;

/* Customers whose postings cannot be trusted: the dirty list and ids above max_id. */
typedef struct
{
  GArray *dirty;        /* gint64, ascending */
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
  return (GRAM_UNIGRAM << GRAM_TAG_SHIFT) | c;
}

static inline guint64
gram_bigram (gunichar a,
             gunichar b)
{
  return (GRAM_BIGRAM << GRAM_TAG_SHIFT) | ((guint64) a << 21) | b;
}

static inline guint64
gram_digits4 (const gunichar *d)
{
  return (GRAM_DIGITS4 << GRAM_TAG_SHIFT) |
         ((d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0'));
}

typedef void (*GramFunc) (guint64  gram,
                          gpointer user_data);

/* Calls @func for each gram of one normalised field (with repeats). */
static void
foreach_gram (const gunichar *cps,
              guint           len,
              gboolean        is_phone,
              GramFunc        func,
              gpointer        user_data)
{
  guint run = 0;

  for (guint i = 0; i < len; i++)
    {
      if (!is_phone)
        {
          func (gram_unigram (cps[i]), user_data);
          if (i + 1 < len)
            func (gram_bigram (cps[i], cps[i + 1]), user_data);
        }
      if (is_ascii_digit (cps[i]))
        {
          run++;
          if (run >= 4)
            func (gram_digits4 (&cps[i - 3]), user_data);
        }
      else
        run = 0;
    }
}

/* The build's hash table */

static inline gsize
posting_hash (guint64 key)
{
  return (gsize) ((key * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >> 29);
}

static void
posting_table_init (PostingTable *table,
                    gsize         capacity)
{
  table->slots = g_new0 (Posting, capacity);
  table->mask = capacity - 1;
  table->n_used = 0;
}

static void
posting_table_clear (PostingTable *table)
{
  if (table->slots == NULL)
    return;
  for (gsize i = 0; i <= table->mask; i++)
    g_free (table->slots[i].buf);
  g_clear_pointer (&table->slots, g_free);
  table->n_used = 0;
}

static void
posting_table_grow (PostingTable *table)
{
  Posting *old = table->slots;
  gsize old_capacity = table->mask + 1;

  table->slots = g_new0 (Posting, old_capacity * 2);
  table->mask = old_capacity * 2 - 1;
  for (gsize i = 0; i < old_capacity; i++)
    {
      gsize j;

      if (old[i].key == 0)
        continue;
      for (j = posting_hash (old[i].key) & table->mask; table->slots[j].key != 0; j = (j + 1) & table->mask)
        ;
      table->slots[j] = old[i];
    }
  g_free (old);
}

static inline Posting *
posting_table_get (PostingTable *table,
                   guint64       key)
{
  gsize i = posting_hash (key) & table->mask;

  for (;;)
    {
      Posting *slot = &table->slots[i];

      if (slot->key == key)
        return slot;
      if (slot->key == 0)
        {
          if (G_UNLIKELY ((table->n_used + 1) * 4 > (table->mask + 1) * 3))
            {
              posting_table_grow (table);
              return posting_table_get (table, key);
            }
          slot->key = key;
          table->n_used++;
          return slot;
        }
      i = (i + 1) & table->mask;
    }
}

static inline gsize
varint_put (guint8  *out,
            guint64  value)
{
  gsize n = 0;

  while (value >= 0x80)
    {
      out[n++] = (guint8) (value | 0x80);
      value >>= 7;
    }
  out[n++] = (guint8) value;
  return n;
}

static inline const guint8 *
varint_get (const guint8 *p,
            const guint8 *end,
            guint64      *out_value)
{
  guint64 value = 0;
  guint shift = 0;

  while (p < end)
    {
      guint8 byte = *p++;

      value |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          *out_value = value;
          return p;
        }
      shift += 7;
      if (shift > 63)
        break;
    }
  return NULL;
}

typedef struct
{
  PostingTable *table;
  gint64        id;
} AddContext;

static void
add_gram_cb (guint64  gram,
             gpointer user_data)
{
  AddContext *ctx = user_data;
  Posting *posting = posting_table_get (ctx->table, gram);

  if (posting->last_id == ctx->id)
    return;
  if (G_UNLIKELY (posting->cap - posting->len < 10))
    {
      posting->cap = MAX (16, posting->cap + posting->cap / 2 + 10);
      posting->buf = g_realloc (posting->buf, posting->cap);
    }
  posting->len += varint_put (posting->buf + posting->len, (guint64) (ctx->id - posting->last_id));
  posting->last_id = ctx->id;
}

static void
index_text (AddContext *ctx,
            CpBuf      *scratch,
            const char *text,
            gboolean    is_phone)
{
  scratch->len = 0;
  normalize_append (text, is_phone, scratch);
  foreach_gram (scratch->data, scratch->len, is_phone, add_gram_cb, ctx);
}

static int
posting_compare (gconstpointer a,
                 gconstpointer b)
{
  const Posting *pa = *(const Posting * const *) a;
  const Posting *pb = *(const Posting * const *) b;

  return pa->key < pb->key ? -1 : pa->key > pb->key;
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
  sqlite3_stmt *stmt = _sd_db_prepare (db, "INSERT OR REPLACE INTO search_meta (key, value) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  _sd_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, value);
  return _sd_db_step_done (db, stmt, error);
}

static gboolean
rebuild_in_transaction (SdDb          *db,
                        GCancellable  *cancellable,
                        GError       **error)
{
  PostingTable table = { 0 };
  CpBuf scratch = { 0 };
  g_autoptr(GPtrArray) sorted = NULL;
  sqlite3_stmt *customers, *notes, *insert;
  AddContext ctx = { &table, 0 };
  gint64 n_customers = 0, max_id = 0, note_id = G_MAXINT64;
  gboolean ok = FALSE;
  int rc;

  customers = _sd_db_prepare (db,
                              "SELECT id, name, nick, phone, province, city, district, address "
                              "FROM customers ORDER BY id", error);
  if (customers == NULL)
    return FALSE;
  notes = _sd_db_prepare (db, "SELECT customer_id, body FROM customer_notes ORDER BY customer_id", error);
  if (notes == NULL)
    return FALSE;

  posting_table_init (&table, 1 << 16);

  rc = sqlite3_step (notes);
  if (rc == SQLITE_ROW)
    note_id = sqlite3_column_int64 (notes, 0);
  else if (rc != SQLITE_DONE)
    goto sql_error;

  while ((rc = sqlite3_step (customers)) == SQLITE_ROW)
    {
      ctx.id = sqlite3_column_int64 (customers, 0);

      if ((++n_customers & CANCEL_CHECK_MASK) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      index_text (&ctx, &scratch, (const char *) sqlite3_column_text (customers, 1), FALSE);
      index_text (&ctx, &scratch, (const char *) sqlite3_column_text (customers, 2), FALSE);
      index_text (&ctx, &scratch, (const char *) sqlite3_column_text (customers, 3), TRUE);
      /* The region reads as one run of text: "浙江省杭州市西湖区". */
      scratch.len = 0;
      for (int col = 4; col <= 6; col++)
        normalize_append ((const char *) sqlite3_column_text (customers, col), FALSE, &scratch);
      foreach_gram (scratch.data, scratch.len, FALSE, add_gram_cb, &ctx);
      index_text (&ctx, &scratch, (const char *) sqlite3_column_text (customers, 7), FALSE);

      /* Notes of customers that no longer exist cannot be, but skip them all the same. */
      while (note_id <= ctx.id)
        {
          if (note_id == ctx.id)
            index_text (&ctx, &scratch, (const char *) sqlite3_column_text (notes, 1), FALSE);
          rc = sqlite3_step (notes);
          if (rc == SQLITE_ROW)
            note_id = sqlite3_column_int64 (notes, 0);
          else if (rc == SQLITE_DONE)
            note_id = G_MAXINT64;
          else
            goto sql_error;
        }
      max_id = ctx.id;
    }
  if (rc != SQLITE_DONE)
    goto sql_error;
  sqlite3_reset (customers);
  sqlite3_reset (notes);
  cp_buf_clear (&scratch);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  /* Rows in key order: SQLite appends to the right edge of the table's b-tree. */
  sorted = g_ptr_array_sized_new (table.n_used);
  for (gsize i = 0; i <= table.mask; i++)
    if (table.slots[i].key != 0)
      g_ptr_array_add (sorted, &table.slots[i]);
  g_ptr_array_sort (sorted, posting_compare);

  if (!_sd_db_exec (db, "DELETE FROM search_postings; DELETE FROM search_dirty;", error))
    goto out;

  insert = _sd_db_prepare (db, "INSERT INTO search_postings (gram, ids) VALUES (?, ?)", error);
  if (insert == NULL)
    goto out;
  for (guint i = 0; i < sorted->len; i++)
    {
      Posting *posting = g_ptr_array_index (sorted, i);

      sqlite3_bind_int64 (insert, 1, (gint64) posting->key);
      sqlite3_bind_blob (insert, 2, posting->buf, (int) posting->len, SQLITE_STATIC);
      if (!_sd_db_step_done (db, insert, error))
        goto out;
      /* Give the memory back as we go: SQLite's cache grows while we write. */
      g_clear_pointer (&posting->buf, g_free);
    }
  sqlite3_clear_bindings (insert);

  ok = set_meta (db, "max_id", max_id, error) &&
       set_meta (db, "n_customers", n_customers, error) &&
       set_meta (db, "n_grams", (gint64) sorted->len, error) &&
       set_meta (db, "built_at", g_get_real_time () / G_USEC_PER_SEC, error);
  goto out;

sql_error:
  _sd_db_set_error (db, error, rc, _("read the customers for the search index"));
  sqlite3_reset (customers);
  sqlite3_reset (notes);
out:
  cp_buf_clear (&scratch);
  posting_table_clear (&table);
  return ok;
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
  sqlite3_stmt *stmt;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _sd_db_prepare (db, "INSERT OR IGNORE INTO search_dirty (customer_id) VALUES (?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, customer_id);
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
  gint64 max_id;
  sqlite3_stmt *stmt;
  gint64 n = 0;

  g_return_val_if_fail (db != NULL, 0);

  max_id = get_max_id (db);
  stmt = _sd_db_prepare (db,
                         "SELECT (SELECT count(*) FROM search_dirty WHERE customer_id <= ?1) + "
                         "(SELECT count(*) FROM customers WHERE id > ?1)", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, max_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gint64
_sd_search_index_get_stale_limit (SdDb *db)
{
  gint64 n_customers;

  g_return_val_if_fail (db != NULL, 0);

  n_customers = _sd_db_query_int (db, "SELECT count(*) FROM customers", 0);
  return MAX (DIRTY_MIN, n_customers * DIRTY_PER_MILLE / 1000);
}

gboolean
_sd_search_index_maybe_rebuild (SdDb          *db,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (_sd_search_index_count_stale (db) <= _sd_search_index_get_stale_limit (db))
    return TRUE;
  g_debug ("Rebuilding the search index: too many customers changed since the last build");
  return _sd_search_index_rebuild (db, cancellable, error);
}

/* Lookup */

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->query, g_free);
  g_clear_pointer (&plan->grams, g_array_unref);
}

static void
plan_add_gram (guint64  gram,
               gpointer user_data)
{
  GArray *grams = user_data;

  for (guint i = 0; i < grams->len; i++)
    if (g_array_index (grams, guint64, i) == gram)
      return;
  g_array_append_val (grams, gram);
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
  plan->grams = g_array_new (FALSE, FALSE, sizeof (guint64));

  if (plan->query_len == 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("Type a letter, a character or a digit to search for."));
      return FALSE;
    }

  plan->all_digits = TRUE;
  for (guint i = 0; i < plan->query_len; i++)
    if (!is_ascii_digit (plan->query[i]))
      plan->all_digits = FALSE;

  if (plan->all_digits && plan->query_len >= 4)
    {
      for (guint i = 0; i + 4 <= plan->query_len; i++)
        plan_add_gram (gram_digits4 (&plan->query[i]), plan->grams);
      plan->exact = plan->query_len == 4;
    }
  else if (plan->query_len == 1)
    {
      plan_add_gram (gram_unigram (plan->query[0]), plan->grams);
      plan->exact = TRUE;
    }
  else
    {
      /* Bigrams; the 4-grams of a digit run come along as a cheap extra filter: in a
       * matching text that run is at least as long. */
      guint run = 0;

      for (guint i = 0; i < plan->query_len; i++)
        {
          if (i + 1 < plan->query_len)
            plan_add_gram (gram_bigram (plan->query[i], plan->query[i + 1]), plan->grams);
          run = is_ascii_digit (plan->query[i]) ? run + 1 : 0;
          if (run >= 4)
            plan_add_gram (gram_digits4 (&plan->query[i - 3]), plan->grams);
        }
      plan->exact = plan->query_len == 2;
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

/* Columns: name, nick, phone, province, city, district, address from @first. */
static gboolean
row_matches (const Plan   *plan,
             CpBuf        *scratch,
             sqlite3_stmt *stmt,
             int           first)
{
  if (text_matches (plan, scratch, (const char *) sqlite3_column_text (stmt, first), FALSE) ||
      text_matches (plan, scratch, (const char *) sqlite3_column_text (stmt, first + 1), FALSE) ||
      text_matches (plan, scratch, (const char *) sqlite3_column_text (stmt, first + 2), TRUE) ||
      text_matches (plan, scratch, (const char *) sqlite3_column_text (stmt, first + 6), FALSE))
    return TRUE;

  scratch->len = 0;
  for (int col = first + 3; col <= first + 5; col++)
    normalize_append ((const char *) sqlite3_column_text (stmt, col), FALSE, scratch);
  return contains (scratch->data, scratch->len, plan->query, plan->query_len);
}

static gboolean
fetch_postings (SdDb     *db,
                guint64   gram,
                GBytes  **out_bytes,
                GError  **error)
{
  sqlite3_stmt *stmt = _sd_db_prepare (db, "SELECT ids FROM search_postings WHERE gram = ?", error);
  int rc;

  *out_bytes = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (gint64) gram);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("search"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
corrupt_postings (GError **error)
{
  g_set_error_literal (error, SD_ERROR, SD_ERROR_CORRUPT,
                       _("The search index is damaged. Rebuild it from the shop’s Maintenance page."));
  return FALSE;
}

static gboolean
decode_postings (GBytes  *bytes,
                 GArray  *out,
                 GError **error)
{
  gsize size;
  const guint8 *p = g_bytes_get_data (bytes, &size);
  const guint8 *end = p + size;
  gint64 id = 0;

  /* At least one byte an id. */
  g_array_set_size (out, 0);
  while (p < end)
    {
      guint64 delta;

      p = varint_get (p, end, &delta);
      if (p == NULL)
        return corrupt_postings (error);
      id += (gint64) delta;
      g_array_append_val (out, id);
    }
  return TRUE;
}

/* Keeps the ids of @ids that are in @bytes. */
static gboolean
intersect_postings (GArray  *ids,
                    GBytes  *bytes,
                    GError **error)
{
  gsize size;
  const guint8 *p = g_bytes_get_data (bytes, &size);
  const guint8 *end = p + size;
  gint64 *data = (gint64 *) (void *) ids->data;
  gint64 id = 0;
  guint n = 0;

  for (guint i = 0; i < ids->len && p < end; )
    {
      guint64 delta;

      p = varint_get (p, end, &delta);
      if (p == NULL)
        return corrupt_postings (error);
      id += (gint64) delta;
      while (i < ids->len && data[i] < id)
        i++;
      if (i < ids->len && data[i] == id)
        data[n++] = data[i++];
    }
  g_array_set_size (ids, n);
  return TRUE;
}

static int
bytes_size_compare (gconstpointer a,
                    gconstpointer b)
{
  gsize sa = g_bytes_get_size (*(GBytes * const *) a);
  gsize sb = g_bytes_get_size (*(GBytes * const *) b);

  return sa < sb ? -1 : sa > sb;
}

static int
id_compare (gconstpointer a,
            gconstpointer b)
{
  gint64 ia = *(const gint64 *) a;
  gint64 ib = *(const gint64 *) b;

  return ia < ib ? -1 : ia > ib;
}

/* The ids that contain every gram of @plan, according to the postings. */
static gboolean
postings_candidates (SdDb    *db,
                     Plan    *plan,
                     GArray  *out,
                     GError **error)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  g_array_set_size (out, 0);
  for (guint i = 0; i < plan->grams->len; i++)
    {
      GBytes *bytes = NULL;

      if (!fetch_postings (db, g_array_index (plan->grams, guint64, i), &bytes, error))
        return FALSE;
      if (bytes == NULL)
        return TRUE;
      g_ptr_array_add (lists, bytes);
    }
  if (lists->len == 0)
    return TRUE;

  /* Shortest first: every later step can only shrink the set. */
  g_ptr_array_sort (lists, bytes_size_compare);
  if (!decode_postings (g_ptr_array_index (lists, 0), out, error))
    return FALSE;
  for (guint i = 1; i < lists->len && out->len > 0; i++)
    if (!intersect_postings (out, g_ptr_array_index (lists, i), error))
      return FALSE;
  return TRUE;
}

static gboolean
load_staleness (SdDb       *db,
                Staleness  *stale,
                GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stale->max_id = get_max_id (db);
  stale->dirty = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = _sd_db_prepare (db, "SELECT customer_id FROM search_dirty WHERE customer_id <= ? ORDER BY customer_id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, stale->max_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (stale->dirty, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("search"));
      return FALSE;
    }
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

/* Checks each candidate against its current row and notes. */
static gboolean
verify_candidates (SdDb    *db,
                   Plan    *plan,
                   GArray  *ids,
                   GError **error)
{
  sqlite3_stmt *row, *notes;
  gint64 *data = (gint64 *) (void *) ids->data;
  CpBuf scratch = { 0 };
  guint n = 0;
  int rc = SQLITE_OK;

  row = _sd_db_prepare (db, "SELECT name, nick, phone, province, city, district, address "
                            "FROM customers WHERE id = ?", error);
  if (row == NULL)
    return FALSE;
  notes = _sd_db_prepare (db, "SELECT body FROM customer_notes WHERE customer_id = ?", error);
  if (notes == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      gboolean match = FALSE;

      sqlite3_bind_int64 (row, 1, data[i]);
      rc = sqlite3_step (row);
      if (rc == SQLITE_ROW)
        match = row_matches (plan, &scratch, row, 0);
      sqlite3_reset (row);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        break;

      if (!match && rc == SQLITE_ROW)
        {
          sqlite3_bind_int64 (notes, 1, data[i]);
          while (!match && (rc = sqlite3_step (notes)) == SQLITE_ROW)
            match = text_matches (plan, &scratch, (const char *) sqlite3_column_text (notes, 0), FALSE);
          sqlite3_reset (notes);
          if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            break;
        }
      if (match)
        data[n++] = data[i];
      rc = SQLITE_OK;
    }
  cp_buf_clear (&scratch);

  if (rc != SQLITE_OK)
    {
      _sd_db_set_error (db, error, rc, _("search"));
      return FALSE;
    }
  g_array_set_size (ids, n);
  return TRUE;
}

/* The stale customers that match, read from their current rows. */
static gboolean
stale_matches (SdDb       *db,
               Plan       *plan,
               Staleness  *stale,
               GArray     *out,
               GError    **error)
{
  static const char * const row_sql[] = {
    "SELECT c.id, c.name, c.nick, c.phone, c.province, c.city, c.district, c.address "
    "FROM search_dirty d CROSS JOIN customers c ON c.id = d.customer_id WHERE d.customer_id <= ?",
    "SELECT id, name, nick, phone, province, city, district, address FROM customers WHERE id > ?",
  };
  static const char * const note_sql[] = {
    "SELECT n.customer_id, n.body FROM search_dirty d "
    "CROSS JOIN customer_notes n ON n.customer_id = d.customer_id WHERE d.customer_id <= ?",
    "SELECT customer_id, body FROM customer_notes WHERE customer_id > ?",
  };
  CpBuf scratch = { 0 };
  int rc = SQLITE_DONE;

  g_array_set_size (out, 0);
  for (guint k = 0; k < G_N_ELEMENTS (row_sql) && rc == SQLITE_DONE; k++)
    {
      sqlite3_stmt *stmt;

      /* Nothing dirty: the common case after a rebuild costs one probe each. */
      if (k == 0 && stale->dirty->len == 0)
        continue;

      stmt = _sd_db_prepare (db, row_sql[k], error);
      if (stmt == NULL)
        goto out;
      sqlite3_bind_int64 (stmt, 1, stale->max_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        if (row_matches (plan, &scratch, stmt, 1))
          {
            gint64 id = sqlite3_column_int64 (stmt, 0);
            g_array_append_val (out, id);
          }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        break;

      stmt = _sd_db_prepare (db, note_sql[k], error);
      if (stmt == NULL)
        goto out;
      sqlite3_bind_int64 (stmt, 1, stale->max_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        if (text_matches (plan, &scratch, (const char *) sqlite3_column_text (stmt, 1), FALSE))
          {
            gint64 id = sqlite3_column_int64 (stmt, 0);
            g_array_append_val (out, id);
          }
      sqlite3_reset (stmt);
    }
  cp_buf_clear (&scratch);

  if (rc != SQLITE_DONE)
    {
      _sd_db_set_error (db, error, rc, _("search"));
      return FALSE;
    }
  g_array_sort (out, id_compare);
  return TRUE;

out:
  cp_buf_clear (&scratch);
  return FALSE;
}

/* @a ∪ @b, both ascending; @b may repeat ids. */
static GArray *
union_ids (GArray *a,
           GArray *b)
{
  const gint64 *da = (const gint64 *) (void *) a->data;
  const gint64 *dbb = (const gint64 *) (void *) b->data;
  GArray *out = g_array_sized_new (FALSE, FALSE, sizeof (gint64), a->len + b->len);
  guint i = 0, j = 0;

  while (i < a->len || j < b->len)
    {
      gint64 next;

      if (j == b->len || (i < a->len && da[i] < dbb[j]))
        next = da[i++];
      else if (i == a->len || dbb[j] < da[i])
        next = dbb[j++];
      else
        {
          next = da[i++];
          j++;
        }
      if (out->len == 0 || g_array_index (out, gint64, out->len - 1) != next)
        g_array_append_val (out, next);
    }
  return out;
}

SdIdSet *
_sd_search_index_lookup (SdDb        *db,
                         const char  *query,
                         GError     **error)
{
  Plan plan = { 0 };
  Staleness stale = { 0 };
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (gint64));
  SdIdSet *result = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!plan_init (&plan, query, error) ||
      !load_staleness (db, &stale, error) ||
      !postings_candidates (db, &plan, ids, error))
    goto out;

  remove_stale (ids, &stale);
  if (!plan.exact && !verify_candidates (db, &plan, ids, error))
    goto out;
  if (!stale_matches (db, &plan, &stale, fresh, error))
    goto out;

  if (fresh->len == 0)
    result = id_set_new_take (g_steal_pointer (&ids));
  else
    result = id_set_new_take (union_ids (ids, fresh));

out:
  plan_clear (&plan);
  g_clear_pointer (&stale.dirty, g_array_unref);
  return result;
}
