/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-import"

#include "sd-i18n.h"

#include <json-glib/json-glib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "sd-address.h"
#include "sd-audit.h"
#include "sd-error.h"
#include "sd-import.h"
#include "sd-key-index.h"
#include "sd-phone.h"
#include "sd-search-index-private.h"
#include "sd-store-private.h"
#include "sd-tiers-private.h"
#include "sd-values.h"

#define DEFAULT_BATCH 5000
#define HEADER_SEARCH_ROWS 10
#define PROGRESS_EVERY 2000

/* Rows of a file, from a CSV reader or from our own JSON export. */
typedef struct
{
  SdCsvReader *csv;
  JsonArray   *json;          /* our export: an array of objects */
  JsonParser  *parser;
  guint        json_next;
  GPtrArray   *json_fields;   /* char *: the values of the current JSON record */
  GPtrArray   *header;        /* char * */
  guint64      json_size;
} RowSource;

typedef struct
{
  char   *body;
  char   *author;
  gint64  created_at;
} ImportNote;

static void
import_note_free (ImportNote *note)
{
  g_free (note->body);
  g_free (note->author);
  g_free (note);
}

/* One row, read into the shapes of the store. */
typedef struct
{
  guint       row;
  guint64     ordinal;        /* the row's place among the file's records, from 1 */
  GPtrArray  *issues;         /* SdImportIssue *: what was wrong with it; no customer then */
  SdCustomer *customer;
  GPtrArray  *notes;          /* ImportNote * */
  gboolean    has_opt_out;
  gboolean    has_created;
  SdOrder    *order;
} Incoming;

static void
incoming_clear (Incoming *in)
{
  g_clear_pointer (&in->customer, sd_customer_free);
  g_clear_pointer (&in->notes, g_ptr_array_unref);
  g_clear_pointer (&in->order, sd_order_free);
  g_clear_pointer (&in->issues, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Incoming, incoming_clear)

typedef struct
{
  SdSession              *session;
  SdDb                   *db;
  const SdImportOptions  *options;
  SdImportResult         *result;
  RowSource               source;
  SdField                *map;           /* per column */
  guint                   n_columns;
  int                     column_of[SD_N_FIELDS];   /* first column of each field, -1 */
  char                   *source_label;
  const char             *platform;

  gboolean                bulk_customers;  /* customers table was empty: indexes dropped */
  gboolean                bulk_orders;
  SdKeyIndex             *nick_index;      /* bulk: "platform\x1fnick" → id */
  SdKeyIndex             *phone_index;     /* bulk: E.164 → id */
  GHashTable             *touched;         /* customer ids whose aggregates need a refresh */
  GHashTable             *provinces;       /* as written → canonical name, or "" */
  GByteArray             *lacks;           /* orders: by customer id, what an order could fill */
  GPtrArray              *issue_sink;      /* where the reader puts a row's issues */
  GAsyncQueue            *full;            /* Chunk *: read, to be written */
  GAsyncQueue            *empty;           /* Chunk *: written, to be read into again */
  gint                    stop;            /* the writer gave up: the reader stops */
  gboolean                customers_changed;
  GString                *scratch;
  SdImportRun             run;
  char                   *fingerprint;
  gint64                  now;
} Import;

void
sd_import_issue_free (SdImportIssue *issue)
{
  g_free (issue->column);
  g_free (issue->message);
  g_free (issue);
}

void
sd_import_result_free (SdImportResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->errors, g_ptr_array_unref);
  g_clear_pointer (&result->columns, g_ptr_array_unref);
  g_free (result);
}

gboolean
sd_import_kind_from_string (const char   *name,
                            SdImportKind *out_kind)
{
  if (g_strcmp0 (name, "customers") == 0)
    *out_kind = SD_IMPORT_CUSTOMERS;
  else if (g_strcmp0 (name, "orders") == 0)
    *out_kind = SD_IMPORT_ORDERS;
  else
    return FALSE;
  return TRUE;
}

static const char *
column_name (Import *imp,
             int     column)
{
  if (column < 0 || (guint) column >= imp->source.header->len)
    return "";
  return g_ptr_array_index (imp->source.header, column);
}

static void
add_issue (Import     *imp,
           guint       row,
           int         column,
           const char *message)
{
  SdImportIssue *issue = g_new0 (SdImportIssue, 1);

  issue->row = row;
  issue->column = g_strdup (column_name (imp, column));
  issue->message = g_strdup (message);
  g_ptr_array_add (imp->issue_sink, issue);
}

/* ---- reading rows ---- */

static gboolean
source_open_json (RowSource   *src,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GError) local = NULL;
  JsonNode *root;
  JsonArray *array;
  static const char *keys[] = {
    "platform", "nick", "name", "phone", "email", "gender", "birthday", "province", "city",
    "district", "address", "tags", "notes", "source", "created_at", "sms_opt_out_at",
    "sms_opt_out_reason",
  };

  src->parser = json_parser_new ();
  if (!json_parser_load_from_mapped_file (src->parser, path, &local))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("“%s” is not valid JSON: %s"), path, local->message);
      return FALSE;
    }
  root = json_parser_get_root (src->parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("“%s” is JSON but not a list of customers (expected an array of objects, as ShopDesk exports)."), path);
      return FALSE;
    }
  array = json_node_get_array (root);
  src->json = json_array_ref (array);
  src->header = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_ptr_array_add (src->header, g_strdup (keys[i]));
  src->json_fields = g_ptr_array_new_with_free_func (g_free);
  return TRUE;
}

static char *
json_member_text (JsonObject *object,
                  const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);
      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "1" : "0");
      if (type == G_TYPE_DOUBLE)
        return g_strdup_printf ("%.2f", json_node_get_double (node));
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *joined = g_string_new (NULL);
      gboolean notes = g_str_equal (key, "notes");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          if (notes && JSON_NODE_HOLDS_OBJECT (element))
            {
              JsonObject *note = json_node_get_object (element);
              g_string_append_printf (joined, "%s[%s %s] %s", joined->len ? "\n" : "",
                                      json_object_get_string_member_with_default (note, "created_at", ""),
                                      json_object_get_string_member_with_default (note, "author", ""),
                                      json_object_get_string_member_with_default (note, "body", ""));
            }
          else if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_string_append_printf (joined, "%s%s", joined->len ? ";" : "", json_node_get_string (element));
        }
      return g_string_free (joined, FALSE);
    }
  return g_strdup ("");
}

static gboolean
source_next (RowSource *src,
             GError   **error)
{
  JsonObject *object;

  if (src->csv != NULL)
    return sd_csv_reader_next (src->csv, error);

  if (src->json_next >= json_array_get_length (src->json))
    return FALSE;
  object = json_array_get_object_element (src->json, src->json_next++);
  g_ptr_array_set_size (src->json_fields, 0);
  for (guint i = 0; i < src->header->len; i++)
    g_ptr_array_add (src->json_fields,
                     object ? json_member_text (object, g_ptr_array_index (src->header, i)) : g_strdup (""));
  return TRUE;
}

static guint
source_n_fields (RowSource *src)
{
  return src->csv ? sd_csv_reader_get_n_fields (src->csv) : src->json_fields->len;
}

static const char *
source_field (RowSource *src,
              guint      i)
{
  if (src->csv)
    return sd_csv_reader_get_field (src->csv, i);
  return g_ptr_array_index (src->json_fields, i);
}

static guint
source_row (RowSource *src)
{
  /* A JSON record is numbered as the row it would be in a spreadsheet. */
  return src->csv ? sd_csv_reader_get_row (src->csv) : src->json_next + 1;
}

static void
source_progress (RowSource *src,
                 guint64   *done,
                 guint64   *total)
{
  if (src->csv)
    {
      *done = sd_csv_reader_get_bytes_read (src->csv);
      *total = sd_csv_reader_get_bytes_total (src->csv);
    }
  else
    {
      guint n = json_array_get_length (src->json);
      *total = src->json_size;
      *done = n ? src->json_size * src->json_next / n : src->json_size;
    }
}

static void
source_clear (RowSource *src)
{
  g_clear_pointer (&src->csv, sd_csv_reader_free);
  g_clear_pointer (&src->json, json_array_unref);
  g_clear_object (&src->parser);
  g_clear_pointer (&src->json_fields, g_ptr_array_unref);
  g_clear_pointer (&src->header, g_ptr_array_unref);
}

static gboolean
looks_like_json (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  char buffer[64];
  gssize n;

  if (stream == NULL)
    return FALSE;
  n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, NULL, NULL);
  for (gssize i = 0; i < n; i++)
    {
      if (g_ascii_isspace (buffer[i]))
        continue;
      return buffer[i] == '[';
    }
  return FALSE;
}

static gboolean
source_open (Import      *imp,
             const char  *path,
             GError     **error)
{
  RowSource *src = &imp->source;

  if (g_str_has_suffix (path, ".json") || looks_like_json (path))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);

      src->json_size = info ? (guint64) g_file_info_get_size (info) : 0;
      imp->result->encoding = SD_ENCODING_UTF8;
      return source_open_json (src, path, error);
    }

  src->csv = sd_csv_reader_new_for_path (path, imp->options->encoding, error);
  if (src->csv == NULL)
    return FALSE;
  imp->result->encoding = sd_csv_reader_get_encoding (src->csv);

  /* Some reports open with a title line ("订单列表 2024-05-01") above the header: the
   * header is the first of the opening rows that names fields ShopDesk knows. */
  for (guint tries = 0; tries < HEADER_SEARCH_ROWS; tries++)
    {
      g_autoptr(GPtrArray) cells = NULL;
      guint known = 0;

      if (!sd_csv_reader_next (src->csv, error))
        {
          if (error && *error == NULL && src->header == NULL)
            g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("“%s” is empty: it has no header row."), path);
          if (src->header == NULL)
            return FALSE;
          break;
        }
      cells = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < sd_csv_reader_get_n_fields (src->csv); i++)
        {
          char *cell = sd_csv_clean_cell (sd_csv_reader_get_field (src->csv, i));
          known += sd_field_for_header (cell) > SD_FIELD_IGNORE;
          g_ptr_array_add (cells, cell);
        }
      if (src->header == NULL)
        src->header = g_ptr_array_ref (cells);
      if (known >= 2)
        {
          g_ptr_array_unref (src->header);
          src->header = g_steal_pointer (&cells);
          return TRUE;
        }
    }
  /* No row looked like a header: the first one is, and --map names its columns. The
   * rows read while looking are read again. */
  {
    g_autoptr(GPtrArray) first = g_steal_pointer (&src->header);
    g_clear_pointer (&src->csv, sd_csv_reader_free);
    src->csv = sd_csv_reader_new_for_path (path, imp->options->encoding, error);
    if (src->csv == NULL || !sd_csv_reader_next (src->csv, error))
      return FALSE;
    src->header = g_steal_pointer (&first);
  }
  return TRUE;
}

/* ---- the header ---- */

static gboolean
apply_mapping (Import      *imp,
               const char  *mapping,
               GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (mapping, "=", 2);
  SdField field;
  int column = -1;

  if (g_strv_length (parts) != 2 || *g_strstrip (parts[0]) == '\0')
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("“%s” is not a column mapping: write COLUMN=FIELD, e.g. “旺旺=nick”."), mapping);
      return FALSE;
    }
  g_strstrip (parts[1]);
  if (!sd_field_from_string (parts[1], &field))
    {
      g_autofree char *names = sd_field_list_names ();
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("“%s” is not a field ShopDesk knows. Fields: %s."), parts[1], names);
      return FALSE;
    }
  for (guint i = 0; i < imp->n_columns && column < 0; i++)
    if (g_strcmp0 (g_ptr_array_index (imp->source.header, i), parts[0]) == 0)
      column = (int) i;
  if (column < 0)
    {
      char *end = NULL;
      guint64 number = g_ascii_strtoull (parts[0], &end, 10);
      if (end != parts[0] && *end == '\0' && number >= 1 && number <= imp->n_columns)
        column = (int) number - 1;
    }
  if (column < 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The file has no column “%s” to map (its columns are numbered 1 to %u)."),
                   parts[0], imp->n_columns);
      return FALSE;
    }
  /* Named by hand, the column replaces whatever was recognised for that field. */
  if (field > SD_FIELD_IGNORE)
    for (guint i = 0; i < imp->n_columns; i++)
      if (imp->map[i] == field)
        imp->map[i] = SD_FIELD_NONE;
  imp->map[column] = field;
  return TRUE;
}

static const char *
field_label (SdField field)
{
  return sd_field_to_string (field);
}

/* Which column the import reads for each field: the recognised headers, the better name
 * where two columns name one field, then the mappings asked for. */
static gboolean
map_columns (Import  *imp,
             GError **error)
{
  g_autofree guint *rank = NULL;
  guint best[SD_N_FIELDS];

  imp->n_columns = imp->source.header->len;
  imp->map = g_new0 (SdField, imp->n_columns);
  rank = g_new0 (guint, imp->n_columns);
  for (guint f = 0; f < SD_N_FIELDS; f++)
    best[f] = G_MAXUINT;
  for (guint i = 0; i < imp->n_columns; i++)
    {
      imp->map[i] = sd_field_for_header_ranked (g_ptr_array_index (imp->source.header, i), &rank[i]);
      best[imp->map[i]] = MIN (best[imp->map[i]], rank[i]);
    }
  /* Two columns for one field: the better name is read, the other left alone. */
  for (guint i = 0; i < imp->n_columns; i++)
    if (imp->map[i] > SD_FIELD_IGNORE && rank[i] > best[imp->map[i]])
      imp->map[i] = SD_FIELD_NONE;
  for (guint i = 0; imp->options->mappings && imp->options->mappings[i]; i++)
    if (!apply_mapping (imp, imp->options->mappings[i], error))
      return FALSE;

  for (guint f = 0; f < SD_N_FIELDS; f++)
    imp->column_of[f] = -1;
  for (guint i = 0; i < imp->n_columns; i++)
    {
      SdField f = imp->map[i];
      if (imp->column_of[f] < 0)
        imp->column_of[f] = (int) i;
      g_ptr_array_add (imp->result->columns,
                       g_strdup_printf ("%s → %s", (char *) g_ptr_array_index (imp->source.header, i),
                                        f == SD_FIELD_NONE ? _("(not imported)") : field_label (f)));
    }
  return TRUE;
}

/* Whether the columns found let every row be matched and, for orders, be an order. The
 * command line's message says how to name a column with --map; the preview's says to
 * choose it, as the window does. */
static gboolean
check_columns (Import   *imp,
               gboolean  command_line,
               GError  **error)
{
  static const SdField required[] = { SD_FIELD_ORDER_ID, SD_FIELD_AMOUNT, SD_FIELD_CREATED_AT };

  if (imp->column_of[SD_FIELD_NICK] < 0 && imp->column_of[SD_FIELD_PHONE] < 0)
    {
      if (command_line)
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                     _("No column holds a buyer nick (e.g. 买家会员名) or a mobile number (e.g. 联系手机), so no row "
                       "can be matched to a customer. Name one with --map COLUMN=nick or --map COLUMN=phone."));
      else
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                     _("No column holds a buyer nick (e.g. 买家会员名) or a mobile number (e.g. 联系手机), so no row "
                       "can be matched to a customer. Choose the column that holds one."));
      return FALSE;
    }
  if (imp->options->kind != SD_IMPORT_ORDERS)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const char *example = required[i] == SD_FIELD_ORDER_ID ? "订单编号" :
                            required[i] == SD_FIELD_AMOUNT ? "买家实际支付金额" : "订单创建时间";

      if (imp->column_of[required[i]] >= 0)
        continue;
      if (command_line)
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                     _("An orders file needs a column for the %s (e.g. %s); none was recognised. "
                       "Name it with --map COLUMN=%s."),
                     sd_field_describe (required[i]), example, sd_field_to_string (required[i]));
      else
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                     _("An orders file needs a column for the %s (e.g. %s); none was recognised. "
                       "Choose the column that holds it."),
                     sd_field_describe (required[i]), example);
      return FALSE;
    }
  return TRUE;
}

static gboolean
map_header (Import  *imp,
            GError **error)
{
  return map_columns (imp, error) && check_columns (imp, TRUE, error);
}

/* ---- one row ---- */

static const char *
cell (Import  *imp,
      SdField  field,
      int     *out_column,
      char   **owned)
{
  int column = imp->column_of[field];

  *out_column = column;
  if (column < 0 || (guint) column >= source_n_fields (&imp->source))
    return "";
  *owned = sd_csv_clean_cell (source_field (&imp->source, column));
  return *owned;
}

#define CELL(field, col) \
  g_autofree char *G_PASTE (owned_, __LINE__) = NULL; \
  const char *col##_text = cell (imp, field, &col, &G_PASTE (owned_, __LINE__))

static gboolean
row_error (Import     *imp,
           guint       row,
           int         column,
           char       *message)
{
  add_issue (imp, row, column, message);
  g_free (message);
  return FALSE;
}

static void
parse_notes (Import     *imp,
             Incoming   *in,
             const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  ImportNote *last = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      gint64 when = 0;

      /* "[2024-05-01 13:45:00 王小二] body" as our exports write it; anything else is a body. */
      if (line[0] == '[' && strlen (line) > 21 && line[20] == ' ')
        {
          g_autofree char *stamp = g_strndup (line + 1, 19);
          char *close = strchr (line + 21, ']');
          g_autofree char *message = NULL;
          if (close != NULL && sd_parse_time (stamp, &when, &message))
            {
              last = g_new0 (ImportNote, 1);
              last->created_at = when;
              last->author = g_strndup (line + 21, close - (line + 21));
              last->body = g_strdup (close[1] == ' ' ? close + 2 : close + 1);
              g_ptr_array_add (in->notes, last);
              continue;
            }
        }
      if (last != NULL)
        {
          char *joined = g_strconcat (last->body, "\n", line, NULL);
          g_free (last->body);
          last->body = joined;
          continue;
        }
      if (*line == '\0')
        continue;
      last = g_new0 (ImportNote, 1);
      last->created_at = imp->now;
      last->author = g_strdup ("");
      last->body = g_strdup (line);
      g_ptr_array_add (in->notes, last);
    }
}

static void
parse_tags (SdCustomer *customer,
            const char *text)
{
  g_autofree char *copy = g_strdup (text);
  static const char *separators[] = { "；", "，", "、", "|", "," };

  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      g_auto(GStrv) parts = g_strsplit (copy, separators[i], -1);
      g_free (copy);
      copy = g_strjoinv (";", parts);
    }
  {
    g_auto(GStrv) tags = g_strsplit (copy, ";", -1);
    for (guint i = 0; tags[i] != NULL; i++)
      {
        g_strstrip (tags[i]);
        if (*tags[i] != '\0' && g_utf8_strlen (tags[i], -1) <= 32)
          g_ptr_array_add (customer->tags, g_strdup (tags[i]));
      }
  }
}

/* A few dozen distinct values over a million rows: looked up once each. */
static const char *
canonical_province (Import     *imp,
                    const char *text)
{
  const char *canonical = g_hash_table_lookup (imp->provinces, text);

  if (canonical == NULL)
    {
      canonical = sd_address_canonical_province (text);
      if (canonical == NULL)
        canonical = "";
      g_hash_table_insert (imp->provinces, g_strdup (text), (gpointer) canonical);
    }
  return canonical;
}

static gboolean
read_customer_part (Import   *imp,
                    Incoming *in)
{
  SdCustomer *c = in->customer;
  int col;
  g_autofree char *message = NULL;

  {
    CELL (SD_FIELD_PLATFORM, col);
    if (*col_text)
      {
        g_autofree char *lower = g_ascii_strdown (col_text, -1);
        sd_customer_set_text (&c->platform, lower);
      }
    else
      sd_customer_set_text (&c->platform, imp->platform);
  }
  {
    CELL (SD_FIELD_NICK, col);
    if (g_utf8_strlen (col_text, -1) > 64)
      return row_error (imp, in->row, col, g_strdup (_("the nick is longer than 64 characters")));
    sd_customer_set_text (&c->nick, col_text);
  }
  {
    CELL (SD_FIELD_NAME, col);
    sd_customer_set_text (&c->name, col_text);
  }
  {
    CELL (SD_FIELD_PHONE, col);
    g_autofree char *phone = NULL;
    c->phone_state = sd_phone_normalize (col_text, &phone);
    g_free (c->phone);
    c->phone = g_steal_pointer (&phone);
  }
  {
    CELL (SD_FIELD_EMAIL, col);
    if (*col_text && !sd_email_is_valid (col_text))
      return row_error (imp, in->row, col, g_strdup_printf (_("“%s” is not an email address"), col_text));
    sd_customer_set_text (&c->email, col_text);
  }
  {
    CELL (SD_FIELD_GENDER, col);
    if (!sd_gender_parse (col_text, &c->gender))
      return row_error (imp, in->row, col,
                        g_strdup_printf (_("“%s” is not a gender (use 男/女, male/female or leave it empty)"), col_text));
  }
  {
    CELL (SD_FIELD_BIRTHDAY, col);
    g_autofree char *date = NULL;
    if (!sd_parse_date (col_text, &date, &message))
      return row_error (imp, in->row, col, g_steal_pointer (&message));
    g_free (c->birthday);
    c->birthday = g_steal_pointer (&date);
  }
  {
    CELL (SD_FIELD_FULL_ADDRESS, col);
    if (*col_text)
      {
        g_autoptr(SdAddress) address = sd_address_split (col_text);
        sd_customer_set_text (&c->province, address->province);
        sd_customer_set_text (&c->city, address->city);
        sd_customer_set_text (&c->district, address->district);
        sd_customer_set_text (&c->address, address->street);
      }
  }
  {
    CELL (SD_FIELD_PROVINCE, col);
    if (*col_text)
      {
        const char *canonical = canonical_province (imp, col_text);
        sd_customer_set_text (&c->province, *canonical ? canonical : col_text);
      }
  }
  {
    CELL (SD_FIELD_CITY, col);
    if (*col_text)
      sd_customer_set_text (&c->city, col_text);
  }
  {
    CELL (SD_FIELD_DISTRICT, col);
    if (*col_text)
      sd_customer_set_text (&c->district, col_text);
  }
  {
    CELL (SD_FIELD_ADDRESS, col);
    if (*col_text)
      sd_customer_set_text (&c->address, col_text);
  }
  {
    CELL (SD_FIELD_TAGS, col);
    if (*col_text)
      parse_tags (c, col_text);
  }
  if (imp->options->kind == SD_IMPORT_CUSTOMERS)
    {
      {
        CELL (SD_FIELD_NOTES, col);
        if (*col_text)
          parse_notes (imp, in, col_text);
      }
      {
        CELL (SD_FIELD_SOURCE, col);
        sd_customer_set_text (&c->source, *col_text ? col_text : imp->source_label);
      }
      {
        CELL (SD_FIELD_CREATED_AT, col);
        if (*col_text)
          {
            if (!sd_parse_time (col_text, &c->created_at, &message))
              return row_error (imp, in->row, col, g_steal_pointer (&message));
            in->has_created = TRUE;
          }
      }
      {
        CELL (SD_FIELD_SMS_OPT_OUT, col);
        gboolean yes = FALSE;
        if (*col_text && sd_parse_bool (col_text, &yes))
          {
            in->has_opt_out = TRUE;
            c->sms_opt_out_at = yes ? imp->now : 0;
          }
        else if (*col_text)
          {
            if (!sd_parse_time (col_text, &c->sms_opt_out_at, &message))
              return row_error (imp, in->row, col, g_steal_pointer (&message));
            in->has_opt_out = TRUE;
          }
      }
      {
        CELL (SD_FIELD_SMS_OPT_OUT_REASON, col);
        sd_customer_set_text (&c->sms_opt_out_reason, col_text);
      }
    }
  else
    sd_customer_set_text (&c->source, imp->source_label);

  if (*c->nick == '\0' && c->phone_state != SD_PHONE_VALID)
    {
      int where = imp->column_of[SD_FIELD_NICK] >= 0 ? imp->column_of[SD_FIELD_NICK] : imp->column_of[SD_FIELD_PHONE];
      return row_error (imp, in->row, where,
                        g_strdup (*c->phone
                                  ? _("no buyer nick, and the mobile number is masked or invalid: the row cannot be matched to a customer")
                                  : _("neither a buyer nick nor a mobile number: the row cannot be matched to a customer")));
    }
  return TRUE;
}

static gboolean
read_time_cell (Import   *imp,
                Incoming *in,
                SdField   field,
                gboolean  required,
                gint64   *out)
{
  int col;
  g_autofree char *message = NULL;
  CELL (field, col);

  *out = 0;
  if (*col_text == '\0' && !required)
    return TRUE;
  if (!sd_parse_time (col_text, out, &message))
    return row_error (imp, in->row, col, g_steal_pointer (&message));
  return TRUE;
}

static gboolean
read_order_part (Import   *imp,
                 Incoming *in)
{
  SdOrder *o = in->order;
  int col;
  g_autofree char *message = NULL;
  gint64 quantity = 1, price = -1, refund = 0;

  sd_customer_set_text (&o->platform, in->customer->platform);
  {
    CELL (SD_FIELD_ORDER_ID, col);
    if (*col_text == '\0')
      return row_error (imp, in->row, col, g_strdup (_("the order number is empty")));
    sd_customer_set_text (&o->platform_order_id, col_text);
  }
  {
    CELL (SD_FIELD_AMOUNT, col);
    if (!sd_parse_money (col_text, &o->amount_cents, &message))
      return row_error (imp, in->row, col, g_steal_pointer (&message));
  }
  if (!read_time_cell (imp, in, SD_FIELD_CREATED_AT, TRUE, &o->created_at) ||
      !read_time_cell (imp, in, SD_FIELD_PAID_AT, FALSE, &o->paid_at) ||
      !read_time_cell (imp, in, SD_FIELD_MODIFIED_AT, FALSE, &o->modified_at))
    return FALSE;
  {
    CELL (SD_FIELD_STATUS, col);
    const char *status = sd_order_status_normalize (col_text);
    sd_customer_set_text (&o->status, status ? status : col_text);
  }
  /* A list of orders that says nothing of payment is a list of sales. */
  if (imp->column_of[SD_FIELD_STATUS] < 0 && imp->column_of[SD_FIELD_PAID_AT] < 0)
    o->paid_at = o->created_at;
  {
    CELL (SD_FIELD_REFUND_AMOUNT, col);
    if (*col_text && !sd_parse_money (col_text, &refund, &message))
      return row_error (imp, in->row, col, g_steal_pointer (&message));
  }
  {
    CELL (SD_FIELD_REFUND_STATE, col);
    const char *state = sd_order_refund_normalize (col_text);
    if (state == NULL)
      return row_error (imp, in->row, col,
                        g_strdup_printf (_("“%s” is not a refund state ShopDesk knows (e.g. 退款成功, 部分退款, 无退款)"),
                                         col_text));
    if (refund > o->amount_cents)
      return row_error (imp, in->row, imp->column_of[SD_FIELD_REFUND_AMOUNT],
                        g_strdup (_("the refund is larger than the amount paid")));
    if ((g_str_equal (state, "none") || g_str_equal (state, "partial")) && refund > 0)
      state = refund >= o->amount_cents ? "full" : "partial";
    if (g_str_equal (state, "full") && refund == 0)
      refund = o->amount_cents;
    sd_customer_set_text (&o->refund_state, state);
    o->refund_cents = refund;
  }
  {
    CELL (SD_FIELD_ITEM_QUANTITY, col);
    if (*col_text && !sd_parse_count (col_text, &quantity, &message))
      return row_error (imp, in->row, col, g_steal_pointer (&message));
  }
  {
    CELL (SD_FIELD_ITEM_PRICE, col);
    if (*col_text && !sd_parse_money (col_text, &price, &message))
      return row_error (imp, in->row, col, g_steal_pointer (&message));
  }
  {
    CELL (SD_FIELD_ITEM_TITLE, col);
    if (*col_text)
      sd_order_add_item (o, col_text, quantity, price);
  }
  return TRUE;
}

static gboolean
read_row (Import   *imp,
          Incoming *in)
{
  guint n = source_n_fields (&imp->source);

  in->row = source_row (&imp->source);
  in->customer = sd_customer_new ();
  in->customer->created_at = imp->now;
  in->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) import_note_free);

  if (n > imp->n_columns)
    for (guint i = imp->n_columns; i < n; i++)
      if (*source_field (&imp->source, i) != '\0')
        return row_error (imp, in->row, -1,
                          g_strdup_printf (_("the row has %u cells but the header only %u columns"), n, imp->n_columns));

  if (!read_customer_part (imp, in))
    return FALSE;
  if (imp->options->kind == SD_IMPORT_ORDERS)
    {
      in->order = sd_order_new ();
      return read_order_part (imp, in);
    }
  return TRUE;
}

static gboolean
row_is_blank (RowSource *src)
{
  for (guint i = 0; i < source_n_fields (src); i++)
    {
      const char *p = source_field (src, i);
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p != '\0')
        return FALSE;
    }
  return TRUE;
}

/* ---- matching ---- */

static const char *
nick_key (Import     *imp,
          const char *platform,
          const char *nick)
{
  g_string_truncate (imp->scratch, 0);
  g_string_append (imp->scratch, platform);
  g_string_append_c (imp->scratch, '\x1f');
  g_string_append (imp->scratch, nick);
  return imp->scratch->str;
}

static gint64
find_by_nick (Import     *imp,
              const char *platform,
              const char *nick)
{
  if (*nick == '\0')
    return 0;
  if (imp->nick_index != NULL)
    {
      const char *key = nick_key (imp, platform, nick);
      return sd_key_index_lookup (imp->nick_index, key, imp->scratch->len);
    }
  return _sd_store_find_customer_by_nick (imp->db, platform, nick);
}

static gint64
find_by_phone (Import     *imp,
               const char *phone)
{
  if (imp->phone_index != NULL)
    return sd_key_index_lookup (imp->phone_index, phone, strlen (phone));
  return _sd_store_find_customer_by_phone (imp->db, phone);
}

static void
remember (Import           *imp,
          const SdCustomer *customer)
{
  if (imp->nick_index != NULL && *customer->nick != '\0')
    {
      const char *key = nick_key (imp, customer->platform, customer->nick);
      sd_key_index_insert (imp->nick_index, key, imp->scratch->len, customer->id);
    }
  if (imp->phone_index != NULL && customer->phone_state == SD_PHONE_VALID)
    sd_key_index_insert (imp->phone_index, customer->phone, strlen (customer->phone), customer->id);
}

/* Nick first; a phone matches only where it cannot join two different nicks. */
static SdCustomer *
find_existing (Import           *imp,
               const SdCustomer *incoming,
               GError          **error)
{
  gint64 id = find_by_nick (imp, incoming->platform, incoming->nick);

  if (id == 0 && incoming->phone_state == SD_PHONE_VALID)
    {
      gint64 by_phone = find_by_phone (imp, incoming->phone);
      if (by_phone != 0)
        {
          g_autoptr(SdCustomer) candidate = _sd_store_load_customer (imp->db, by_phone, FALSE, error);
          if (candidate == NULL)
            return NULL;
          if (*incoming->nick == '\0' || *candidate->nick == '\0')
            return g_steal_pointer (&candidate);
        }
    }
  if (id == 0)
    return NULL;
  return _sd_store_load_customer (imp->db, id, FALSE, error);
}

static gboolean
is_masked_text (const char *text)
{
  return strchr (text, '*') != NULL;
}

static gboolean
set_if (char      **field,
        const char *value,
        gboolean    only_empty)
{
  if (*value == '\0' || g_strcmp0 (*field, value) == 0)
    return FALSE;
  if (**field != '\0' && (only_empty || is_masked_text (value)))
    return FALSE;
  sd_customer_set_text (field, value);
  return TRUE;
}

/* Folds a row into a stored customer; TRUE when anything changed. A masked value never
 * replaces a real one, and an order's receiver only fills what the customer lacks. */
static gboolean
fold_into (Import           *imp,
           SdCustomer       *existing,
           const SdCustomer *in,
           gboolean          only_empty,
           gboolean          has_created,
           gboolean          has_opt_out)
{
  gboolean changed = FALSE;

  changed |= set_if (&existing->nick, in->nick, TRUE);
  changed |= set_if (&existing->name, in->name, only_empty);
  if (in->phone_state != SD_PHONE_NONE && g_strcmp0 (existing->phone, in->phone) != 0)
    {
      gboolean better = in->phone_state == SD_PHONE_VALID || existing->phone_state != SD_PHONE_VALID;
      if (existing->phone_state == SD_PHONE_NONE || (!only_empty && better))
        {
          sd_customer_set_text (&existing->phone, in->phone);
          existing->phone_state = in->phone_state;
          changed = TRUE;
        }
    }
  changed |= set_if (&existing->email, in->email, only_empty);
  if (in->gender != SD_GENDER_UNKNOWN && existing->gender != in->gender &&
      (!only_empty || existing->gender == SD_GENDER_UNKNOWN))
    {
      existing->gender = in->gender;
      changed = TRUE;
    }
  changed |= set_if (&existing->birthday, in->birthday, only_empty);

  /* An address is one thing: replaced whole or not at all. */
  if ((*in->province || *in->city || *in->district || *in->address) &&
      (g_strcmp0 (existing->province, in->province) || g_strcmp0 (existing->city, in->city) ||
       g_strcmp0 (existing->district, in->district) || g_strcmp0 (existing->address, in->address)))
    {
      gboolean existing_empty = !*existing->province && !*existing->city && !*existing->district && !*existing->address;
      if (existing_empty || (!only_empty && !is_masked_text (in->address)))
        {
          sd_customer_set_text (&existing->province, in->province);
          sd_customer_set_text (&existing->city, in->city);
          sd_customer_set_text (&existing->district, in->district);
          sd_customer_set_text (&existing->address, in->address);
          changed = TRUE;
        }
    }

  if (has_created && in->created_at > 0 && in->created_at < existing->created_at)
    {
      existing->created_at = in->created_at;
      changed = TRUE;
    }
  if (has_opt_out && (existing->sms_opt_out_at != 0) != (in->sms_opt_out_at != 0))
    {
      existing->sms_opt_out_at = in->sms_opt_out_at;
      sd_customer_set_text (&existing->sms_opt_out_reason, in->sms_opt_out_reason);
      changed = TRUE;
    }
  else if (has_opt_out && *in->sms_opt_out_reason &&
           g_strcmp0 (existing->sms_opt_out_reason, in->sms_opt_out_reason) != 0)
    {
      sd_customer_set_text (&existing->sms_opt_out_reason, in->sms_opt_out_reason);
      changed = TRUE;
    }
  return changed;
}

static gboolean
add_new_tags (Import           *imp,
              SdCustomer       *existing,
              const SdCustomer *in,
              gboolean         *changed,
              GError          **error)
{
  for (guint i = 0; i < in->tags->len; i++)
    {
      gboolean added = FALSE;
      if (!_sd_store_add_tag (imp->db, existing->id, g_ptr_array_index (in->tags, i), &added, error))
        return FALSE;
      *changed |= added;
    }
  return TRUE;
}

static gboolean
add_new_notes (Import    *imp,
               gint64     customer_id,
               GPtrArray *notes,
               gboolean   check_existing,
               gboolean  *changed,
               GError   **error)
{
  for (guint i = 0; i < notes->len; i++)
    {
      ImportNote *note = g_ptr_array_index (notes, i);
      g_autofree char *body = NULL;

      if (check_existing && _sd_store_has_note (imp->db, customer_id, note->body))
        continue;
      body = g_strdup (note->body);
      if (!_sd_store_add_note (imp->db, customer_id, 0, note->author, body, note->created_at, NULL, error))
        return FALSE;
      *changed = TRUE;
    }
  return TRUE;
}

/* An orders file repeats each buyer for every order; the receiver details can only fill
 * what the customer lacks, so once nothing is lacking the row need not load the customer. */
#define LACKS_KNOWN   0x80
#define LACKS_NAME    0x01
#define LACKS_PHONE   0x02
#define LACKS_ADDRESS 0x04

static guint8
lacks_of (const SdCustomer *c)
{
  return LACKS_KNOWN | (*c->name ? 0 : LACKS_NAME) | (c->phone_state == SD_PHONE_NONE ? LACKS_PHONE : 0) |
         (*c->province || *c->city || *c->district || *c->address ? 0 : LACKS_ADDRESS);
}

static void
remember_lacks (Import           *imp,
                const SdCustomer *c)
{
  if (imp->lacks == NULL || c->id <= 0 || c->id > G_MAXINT32)
    return;
  if ((gint64) imp->lacks->len <= c->id)
    {
      guint old = imp->lacks->len;
      g_byte_array_set_size (imp->lacks, MAX ((guint) c->id + 1, old * 2));
      memset (imp->lacks->data + old, 0, imp->lacks->len - old);
    }
  imp->lacks->data[c->id] = lacks_of (c);
}

static gint64
needs_no_fold (Import           *imp,
               const SdCustomer *in)
{
  gint64 id;
  guint8 lacks;

  if (imp->lacks == NULL || *in->nick == '\0')
    return 0;
  id = find_by_nick (imp, in->platform, in->nick);
  if (id <= 0 || id >= (gint64) imp->lacks->len)
    return 0;
  lacks = imp->lacks->data[id];
  if (!(lacks & LACKS_KNOWN))
    return 0;
  if (((lacks & LACKS_NAME) && *in->name) || ((lacks & LACKS_PHONE) && in->phone_state != SD_PHONE_NONE) ||
      ((lacks & LACKS_ADDRESS) && (*in->province || *in->city || *in->district || *in->address)))
    return 0;
  return id;
}

/* Writes the row's customer; out_created/out_changed tell what happened. */
static gboolean
store_customer (Import   *imp,
                Incoming *in,
                gboolean  only_empty,
                gint64   *out_id,
                gboolean *out_created,
                gboolean *out_changed,
                GError  **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(SdCustomer) existing = NULL;
  gboolean changed = FALSE;
  gint64 settled = only_empty ? needs_no_fold (imp, in->customer) : 0;

  if (settled != 0)
    {
      *out_id = settled;
      *out_created = FALSE;
      *out_changed = FALSE;
      return TRUE;
    }
  existing = find_existing (imp, in->customer, &local);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  *out_created = FALSE;
  if (existing == NULL)
    {
      in->customer->updated_at = imp->now;
      if (!_sd_store_insert_customer (imp->db, in->customer, error))
        return FALSE;
      remember (imp, in->customer);
      remember_lacks (imp, in->customer);
      if (!add_new_notes (imp, in->customer->id, in->notes, FALSE, &changed, error))
        return FALSE;
      *out_id = in->customer->id;
      *out_created = TRUE;
      *out_changed = TRUE;
      imp->customers_changed = TRUE;
      return TRUE;
    }

  *out_id = existing->id;
  changed = fold_into (imp, existing, in->customer, only_empty, in->has_created, in->has_opt_out);
  if (changed)
    {
      existing->updated_at = imp->now;
      g_ptr_array_set_size (existing->tags, 0);
      if (!_sd_store_update_customer (imp->db, existing, error))
        return FALSE;
      remember (imp, existing);
      imp->customers_changed = TRUE;
    }
  remember_lacks (imp, existing);
  if (!add_new_tags (imp, existing, in->customer, &changed, error) ||
      !add_new_notes (imp, existing->id, in->notes, TRUE, &changed, error))
    return FALSE;
  *out_changed = changed;
  return TRUE;
}

static void
touch (Import *imp,
       gint64  customer_id)
{
  if (!imp->bulk_orders)
    g_hash_table_add (imp->touched, g_memdup2 (&customer_id, sizeof customer_id));
}

static gboolean
store_order (Import   *imp,
             Incoming *in,
             GError  **error)
{
  gint64 customer_id = 0, existing_id = 0;
  gboolean created = FALSE, changed = FALSE;

  if (!store_customer (imp, in, TRUE, &customer_id, &created, &changed, error))
    return FALSE;
  if (created)
    imp->result->customers_created++;
  in->order->customer_id = customer_id;

  if (!imp->bulk_orders)
    existing_id = _sd_store_find_order (imp->db, in->order->platform, in->order->platform_order_id);

  if (existing_id == 0)
    {
      if (!_sd_store_insert_order (imp->db, in->order, error))
        return FALSE;
      imp->result->inserted++;
    }
  else
    {
      g_autoptr(SdOrder) existing = _sd_store_load_order (imp->db, existing_id, error);
      if (existing == NULL)
        return FALSE;
      in->order->id = existing_id;
      if (_sd_order_equal (existing, in->order))
        imp->result->unchanged++;
      else
        {
          if (!_sd_store_update_order (imp->db, in->order, error))
            return FALSE;
          imp->result->updated++;
          if (existing->customer_id != customer_id)
            touch (imp, existing->customer_id);
        }
    }
  touch (imp, customer_id);
  return TRUE;
}

static gboolean
store_row (Import   *imp,
           Incoming *in,
           GError  **error)
{
  gint64 id = 0;
  gboolean created = FALSE, changed = FALSE;

  if (imp->options->kind == SD_IMPORT_ORDERS)
    return store_order (imp, in, error);

  if (!store_customer (imp, in, FALSE, &id, &created, &changed, error))
    return FALSE;
  /* Tier rules may read what changed (tags, province); a bulk load recomputes everyone. */
  if ((created || changed) && !imp->bulk_customers)
    touch (imp, id);
  if (created)
    imp->result->inserted++;
  else if (changed)
    imp->result->updated++;
  else
    imp->result->unchanged++;
  return TRUE;
}

/* ---- batches, bulk loads and the journal ---- */

/* The touched customers' figures, then their tiers and RFM scores: of everyone at the end
 * of a bulk load; between batches against the RFM quintiles as they were, the last batch
 * ranking the shop again. */
static gboolean
refresh_touched (Import   *imp,
                 gboolean  last,
                 GError  **error)
{
  g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), g_hash_table_size (imp->touched));
  static const gint64 no_id = 0;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, imp->touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  g_hash_table_remove_all (imp->touched);
  if (!_sd_store_refresh_aggregates (imp->db, (gint64 *) ids->data, ids->len, error))
    return FALSE;
  if (last && (imp->bulk_customers || imp->bulk_orders))
    return _sd_tiers_recompute (imp->db, NULL, 0, SD_TIER_CAUSE_IMPORT, imp->source_label,
                                SD_TIER_RECOMPUTE_DEFAULT, NULL, error);
  if (last && ids->len == 0 && imp->result->inserted + imp->result->updated == 0)
    return TRUE;
  /* Never NULL, which would mean everyone. */
  return _sd_tiers_recompute (imp->db, ids->len ? (gint64 *) ids->data : &no_id, ids->len,
                              SD_TIER_CAUSE_IMPORT, imp->source_label,
                              last ? SD_TIER_RECOMPUTE_DEFAULT : SD_TIER_RECOMPUTE_KEEP_QUINTILES, NULL, error);
}

static void
sync_run_counts (Import *imp)
{
  imp->run.inserted = (gint64) imp->result->inserted;
  imp->run.updated = (gint64) imp->result->updated;
  imp->run.unchanged = (gint64) imp->result->unchanged;
  imp->run.skipped = (gint64) imp->result->skipped;
  imp->run.customers_created = (gint64) imp->result->customers_created;
}

static gboolean
uses_journal (Import *imp)
{
  return imp->options->on_error == SD_IMPORT_SKIP_BAD_ROWS && !imp->bulk_customers && !imp->bulk_orders;
}

static gboolean
commit_batch (Import   *imp,
              guint64   rows_done,
              gboolean  last,
              GError  **error)
{
  if (!refresh_touched (imp, last, error))
    return FALSE;
  if (uses_journal (imp))
    {
      const char *kind = imp->options->kind == SD_IMPORT_ORDERS ? "orders" : "customers";
      imp->run.rows_done = (gint64) rows_done;
      sync_run_counts (imp);
      if (!_sd_store_import_run_save (imp->db, kind, imp->fingerprint, imp->source_label, &imp->run, last, error))
        return FALSE;
    }
  if (last && !_sd_search_index_maybe_rebuild (imp->db, NULL, error))
    return FALSE;
  return sd_db_commit (imp->db, error);
}

static void
remember_key_cb (gint64      id,
                 const char *platform,
                 const char *nick,
                 const char *phone,
                 int         phone_state,
                 gpointer    user_data)
{
  Import *imp = user_data;

  if (*nick != '\0')
    {
      const char *key = nick_key (imp, platform, nick);
      sd_key_index_insert (imp->nick_index, key, imp->scratch->len, id);
    }
  if (phone_state == SD_PHONE_VALID)
    sd_key_index_insert (imp->phone_index, phone, strlen (phone), id);
}

static gboolean
begin_bulk (Import  *imp,
            GError **error)
{
  gboolean customers_empty = _sd_store_count_customers (imp->db) == 0;
  gboolean orders_empty = _sd_store_count_orders (imp->db) == 0;

  /* An empty table takes the fast path: load without secondary indexes and match in
   * memory, all in one transaction, then index once. */
  imp->bulk_customers = customers_empty;
  imp->bulk_orders = imp->options->kind == SD_IMPORT_ORDERS && orders_empty;
  if (!imp->bulk_customers && !imp->bulk_orders)
    return TRUE;

  if (!_sd_store_drop_indexes (imp->db, imp->bulk_customers, imp->bulk_orders, error) ||
      !_sd_store_pause_standing (imp->db, error))
    return FALSE;
  _sd_store_set_bulk (imp->db, imp->bulk_customers);
  /* Rows only append to the tables now: a small page cache does as well as a large one. */
  _sd_store_set_bulk_memory (imp->db, TRUE);
  imp->nick_index = sd_key_index_new (1 << 16);
  imp->phone_index = sd_key_index_new (1 << 16);
  /* Orders into a shop that has customers: their keys, once, in memory. */
  if (!imp->bulk_customers && !_sd_store_foreach_customer_key (imp->db, remember_key_cb, imp, error))
    return FALSE;
  /* A team database: new rows go to the server with COPY, in large parts, instead of a
   * round trip each; matching already happens in memory. */
  _sd_db_hold_rows (imp->db);
  return TRUE;
}

/* Hands freed heap back to the system between the phases of a bulk load, whose peaks (rows
 * and their keys, the index sorts, the search index) would otherwise stack up. */
static void
release_memory (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

/* The peak resident memory so far, where the system tells it (Linux). */
static char *
peak_memory (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return g_strdup ("");
  return g_strndup (line, strcspn (line, "\n"));
}

static void
phase_done (const char *what,
            gint64     *since)
{
  gint64 now = g_get_monotonic_time ();

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) == FALSE)
    {
      g_autofree char *peak = peak_memory ();
      g_debug ("%s: %.3f s, %s", what, (now - *since) / (double) G_USEC_PER_SEC, peak);
    }
  *since = now;
}

static gboolean
finish_bulk (Import  *imp,
             GError **error)
{
  gint64 t = g_get_monotonic_time ();

  if (!imp->bulk_customers && !imp->bulk_orders)
    return TRUE;
  if (!_sd_db_send_held_rows (imp->db, error))
    goto fail;
  phase_done ("rows sent", &t);
  _sd_store_set_bulk (imp->db, FALSE);

  /* What matched rows in memory is done with: free it before the sorts begin. */
  g_clear_pointer (&imp->nick_index, sd_key_index_free);
  g_clear_pointer (&imp->phone_index, sd_key_index_free);
  if (!_sd_store_resume_standing (imp->db, error))
    goto fail;

  if (imp->bulk_orders)
    {
      /* The same order twice in one file, apart: the later row stands. */
      gint64 doubled = 0;
      if (!_sd_store_create_order_id_index (imp->db, &doubled, error))
        goto fail;
      imp->result->inserted -= (guint64) doubled;
      imp->result->updated += (guint64) doubled;
    }
  phase_done ("order numbers", &t);
  /* Figures first, while the customers' sort indexes are still to be built. */
  if (imp->bulk_orders &&
      (!_sd_store_create_order_indexes (imp->db, error) ||
       !_sd_store_rebuild_aggregates (imp->db, SD_AGGREGATES_MOST_WRONG, error)))
    goto fail;
  phase_done ("aggregates", &t);
  if (!_sd_store_create_indexes (imp->db, error))
    goto fail;
  phase_done ("indexes", &t);
  release_memory ();
  if (imp->bulk_customers && !_sd_search_index_rebuild (imp->db, NULL, error))
    goto fail;
  phase_done ("search index", &t);
  _sd_store_set_bulk_memory (imp->db, FALSE);
  return TRUE;

fail:
  _sd_store_set_bulk_memory (imp->db, FALSE);
  return FALSE;
}

static char *
file_fingerprint (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                 0, NULL, NULL);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  guchar buffer[65536];
  gssize n;

  if (info == NULL || stream == NULL)
    return g_strdup (path);
  n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, NULL, NULL);
  if (n > 0)
    g_checksum_update (sum, buffer, n);
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ":%s",
                          (guint64) g_file_info_get_size (info),
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED),
                          g_checksum_get_string (sum));
}

static void
report_progress (guint64               rows,
                 guint64               bytes_done,
                 guint64               bytes_total,
                 SdImportProgressFunc  progress,
                 gpointer              user_data)
{
  SdImportProgress p = { rows, bytes_done, bytes_total };

  if (progress != NULL)
    progress (&p, user_data);
}

/* Consecutive rows of one order (an item-per-row report) become one order. */
static gboolean
same_order (Incoming *pending,
            Incoming *in)
{
  return pending->order != NULL && in->order != NULL &&
         g_strcmp0 (pending->order->platform, in->order->platform) == 0 &&
         g_strcmp0 (pending->order->platform_order_id, in->order->platform_order_id) == 0;
}

static gboolean
flush_pending (Import   *imp,
               Incoming *pending,
               GError  **error)
{
  gboolean ok = TRUE;

  if (pending->customer != NULL)
    ok = store_row (imp, pending, error);
  incoming_clear (pending);
  return ok;
}

/* Rows travel from the reader thread to the writer in chunks; a few chunks circulate, so
 * the reader stays at most that far ahead and memory stays bounded. */
#define CHUNK_ROWS 512
#define CHUNKS 4

typedef struct
{
  Incoming *rows;
  guint     n;
  guint64   bytes_done;
  guint64   bytes_total;
  gboolean  last;
} Chunk;

static void
chunk_free (Chunk *chunk)
{
  for (guint i = 0; i < chunk->n; i++)
    incoming_clear (&chunk->rows[i]);
  g_free (chunk->rows);
  g_free (chunk);
}

/* Reads, parses and checks rows, the half of the work that needs no database, on a
 * thread of its own: the writer meanwhile matches and inserts the rows before. */
static gpointer
reader_thread (gpointer data)
{
  Import *imp = data;
  guint64 ordinal = 0;
  /* Read once: the writer moves run.rows_done on as its batches commit. */
  gint64 committed_before = imp->run.rows_done;
  Chunk *chunk = g_async_queue_pop (imp->empty);
  gboolean done = FALSE;

  while (!done)
    {
      g_autoptr(GError) fault = NULL;
      Incoming *in;
      gboolean more;

      if (g_atomic_int_get (&imp->stop))
        break;
      more = source_next (&imp->source, &fault);
      if (!more && fault == NULL)
        done = TRUE;
      else if (fault != NULL || !row_is_blank (&imp->source))
        {
          ordinal++;
          /* Rows an earlier, interrupted run committed are passed over. */
          if ((gint64) ordinal > committed_before)
            {
              in = &chunk->rows[chunk->n++];
              memset (in, 0, sizeof *in);
              in->ordinal = ordinal;
              in->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_import_issue_free);
              imp->issue_sink = in->issues;
              if (fault != NULL)
                add_issue (imp, source_row (&imp->source), -1, fault->message);
              else if (!read_row (imp, in))
                {
                  g_clear_pointer (&in->customer, sd_customer_free);
                  g_clear_pointer (&in->notes, g_ptr_array_unref);
                  g_clear_pointer (&in->order, sd_order_free);
                }
            }
        }

      if (chunk->n == CHUNK_ROWS || done)
        {
          source_progress (&imp->source, &chunk->bytes_done, &chunk->bytes_total);
          chunk->last = done;
          g_async_queue_push (imp->full, chunk);
          if (!done)
            chunk = g_async_queue_pop (imp->empty);
          else
            chunk = NULL;
        }
    }
  if (chunk != NULL)
    {
      /* Stopped early: the writer is waiting for nothing more. */
      chunk->last = TRUE;
      g_async_queue_push (imp->full, chunk);
    }
  imp->result->rows = ordinal;
  return NULL;
}

static gboolean
write_rows (Import                *imp,
            SdImportProgressFunc   progress,
            gpointer               user_data,
            GCancellable          *cancellable,
            GError               **error)
{
  g_auto(Incoming) pending = { 0 };
  guint batch = imp->options->batch_size ? imp->options->batch_size : DEFAULT_BATCH;
  guint in_batch = 0;
  gboolean single = !uses_journal (imp);
  guint64 seen = (guint64) imp->run.rows_done;
  guint64 last_report = 0;
  gboolean last = FALSE;

  while (!last)
    {
      Chunk *chunk = g_async_queue_pop (imp->full);
      gboolean ok = TRUE;

      last = chunk->last;
      for (guint i = 0; i < chunk->n && ok; i++)
        {
          Incoming *in = &chunk->rows[i];

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          seen = in->ordinal;
          if (in->issues->len > 0)
            g_ptr_array_extend_and_steal (imp->result->errors, g_steal_pointer (&in->issues));
          if (in->customer == NULL)
            {
              imp->result->skipped++;
              continue;
            }
          if (same_order (&pending, in))
            {
              for (guint k = 0; k < in->order->items->len; k++)
                {
                  SdOrderItem *item = g_ptr_array_index (in->order->items, k);
                  sd_order_add_item (pending.order, item->title, item->quantity, item->unit_price_cents);
                }
              continue;
            }
          if (pending.customer != NULL)
            {
              if (!flush_pending (imp, &pending, error))
                {
                  ok = FALSE;
                  break;
                }
              /* A batch ends between two orders, never inside one. */
              if (!single && ++in_batch >= batch)
                {
                  if (!commit_batch (imp, in->ordinal - 1, FALSE, error) || !sd_db_begin (imp->db, error))
                    {
                      ok = FALSE;
                      break;
                    }
                  in_batch = 0;
                }
            }
          pending = *in;
          memset (in, 0, sizeof *in);
        }

      if (ok && seen - last_report >= PROGRESS_EVERY)
        {
          report_progress (seen, chunk->bytes_done, chunk->bytes_total, progress, user_data);
          last_report = seen;
        }
      if (!ok)
        g_atomic_int_set (&imp->stop, 1);
      for (guint i = 0; i < chunk->n; i++)
        incoming_clear (&chunk->rows[i]);
      chunk->n = 0;
      if (last)
        {
          if (ok)
            report_progress (seen, chunk->bytes_done, chunk->bytes_total, progress, user_data);
          chunk_free (chunk);
        }
      else
        {
          /* Handed back even when stopping: the reader may be waiting for it before it
           * can see the stop and send its last chunk. */
          g_async_queue_push (imp->empty, chunk);
        }
      if (!ok)
        {
          while (!last)
            {
              chunk = g_async_queue_pop (imp->full);
              last = chunk->last;
              for (guint i = 0; i < chunk->n; i++)
                incoming_clear (&chunk->rows[i]);
              chunk->n = 0;
              if (last)
                chunk_free (chunk);
              else
                g_async_queue_push (imp->empty, chunk);
            }
          return FALSE;
        }
    }
  return flush_pending (imp, &pending, error);
}

static gboolean
run_rows (Import                *imp,
          SdImportProgressFunc   progress,
          gpointer               user_data,
          GCancellable          *cancellable,
          GError               **error)
{
  GThread *reader;
  gboolean ok;

  imp->full = g_async_queue_new ();
  imp->empty = g_async_queue_new ();
  for (guint i = 0; i < CHUNKS; i++)
    {
      Chunk *chunk = g_new0 (Chunk, 1);
      chunk->rows = g_new0 (Incoming, CHUNK_ROWS);
      g_async_queue_push (imp->empty, chunk);
    }

  reader = g_thread_new ("sd-import-reader", reader_thread, imp);
  ok = write_rows (imp, progress, user_data, cancellable, error);
  g_thread_join (reader);

  /* Every chunk is back in one of the queues, or was freed on the way out. */
  for (Chunk *c; (c = g_async_queue_try_pop (imp->empty)) != NULL;)
    chunk_free (c);
  for (Chunk *c; (c = g_async_queue_try_pop (imp->full)) != NULL;)
    chunk_free (c);
  g_clear_pointer (&imp->full, g_async_queue_unref);
  g_clear_pointer (&imp->empty, g_async_queue_unref);
  /* The reader's rows were freed by the writer into the reader's own malloc arena. */
  release_memory ();
  return ok;
}

static void
import_clear (Import *imp)
{
  source_clear (&imp->source);
  g_free (imp->map);
  g_free (imp->source_label);
  g_free (imp->fingerprint);
  g_clear_pointer (&imp->nick_index, sd_key_index_free);
  g_clear_pointer (&imp->phone_index, sd_key_index_free);
  g_clear_pointer (&imp->touched, g_hash_table_unref);
  g_clear_pointer (&imp->provinces, g_hash_table_unref);
  g_clear_pointer (&imp->lacks, g_byte_array_unref);
  if (imp->scratch)
    g_string_free (imp->scratch, TRUE);
}

static void
resume_from (Import         *imp,
             const SdImportRun *run)
{
  imp->run = *run;
  imp->result->inserted = (guint64) run->inserted;
  imp->result->updated = (guint64) run->updated;
  imp->result->unchanged = (guint64) run->unchanged;
  imp->result->skipped = (guint64) run->skipped;
  imp->result->customers_created = (guint64) run->customers_created;
  imp->result->resumed_rows = (guint64) run->rows_done;
}

SdImportResult *
sd_import_file (SdSession              *session,
                const char             *path,
                const SdImportOptions  *options,
                SdImportProgressFunc    progress,
                gpointer                user_data,
                GCancellable           *cancellable,
                GError                **error)
{
  g_autoptr(SdImportResult) result = g_new0 (SdImportResult, 1);
  g_autofree char *base = NULL;
  g_autofree char *audit_detail = NULL;
  Import imp = { 0 };
  const char *kind_name;
  SdImportRun earlier;
  gint64 started;
  gboolean solo = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (path != NULL && options != NULL, NULL);

  if (!sd_session_require (session, SD_PERMISSION_IMPORT_CUSTOMERS, error))
    return NULL;
  result->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_import_issue_free);
  result->columns = g_ptr_array_new_with_free_func (g_free);
  kind_name = options->kind == SD_IMPORT_ORDERS ? "orders" : "customers";
  base = g_path_get_basename (path);

  imp.session = session;
  imp.db = sd_session_get_db (session);
  imp.options = options;
  imp.result = result;
  imp.platform = options->platform && *options->platform ? options->platform : "taobao";
  imp.source_label = g_strdup_printf ("import:%s", base);
  imp.touched = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  imp.scratch = g_string_new (NULL);
  imp.provinces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp.now = g_get_real_time () / G_USEC_PER_SEC;

  if (!source_open (&imp, path, error) || !map_header (&imp, error))
    goto out;
  /* The shortcut holds only while an order row carries nothing else for the customer. */
  if (options->kind == SD_IMPORT_ORDERS && imp.column_of[SD_FIELD_EMAIL] < 0 && imp.column_of[SD_FIELD_GENDER] < 0 &&
      imp.column_of[SD_FIELD_BIRTHDAY] < 0 && imp.column_of[SD_FIELD_TAGS] < 0)
    imp.lacks = g_byte_array_new ();
  imp.fingerprint = file_fingerprint (path);

  /* A load into an empty table is the bulk path (begin_bulk): alone, it skips the WAL. */
  if (_sd_store_count_customers (imp.db) == 0 ||
      (options->kind == SD_IMPORT_ORDERS && _sd_store_count_orders (imp.db) == 0))
    {
      solo = _sd_db_enter_solo (imp.db);
      /* Before the transaction, where the temp store may still move (begin_bulk sets the
       * same once it knows). */
      _sd_store_set_bulk_memory (imp.db, TRUE);
    }
  if (!sd_db_begin (imp.db, error))
    goto out;
  if (!begin_bulk (&imp, error))
    goto rollback;
  if (uses_journal (&imp) && _sd_store_import_run_find (imp.db, kind_name, imp.fingerprint, &earlier))
    resume_from (&imp, &earlier);

  started = g_get_monotonic_time ();
  if (!run_rows (&imp, progress, user_data, cancellable, error))
    goto rollback;
  phase_done ("rows", &started);

  if (options->on_error == SD_IMPORT_ABORT_ON_ERROR && result->errors->len > 0)
    {
      sd_db_rollback (imp.db);
      _sd_store_set_bulk (imp.db, FALSE);
      _sd_store_set_bulk_memory (imp.db, FALSE);
      result->rolled_back = TRUE;
      result->inserted = result->updated = result->unchanged = result->customers_created = 0;
      result->skipped = result->rows;
      ok = TRUE;
      goto out;
    }

  if (!finish_bulk (&imp, error))
    goto rollback;
  audit_detail = g_strdup_printf ("%s from %s: %" G_GUINT64_FORMAT " rows, %" G_GUINT64_FORMAT " new, %"
                                  G_GUINT64_FORMAT " updated, %" G_GUINT64_FORMAT " skipped",
                                  kind_name, base, (guint64) result->rows, (guint64) result->inserted,
                                  (guint64) result->updated, (guint64) result->skipped);
  /* In the last batch's transaction: the entry lands with the import's end. */
  if (!sd_audit_append (session, SD_AUDIT_IMPORT, "file", base, audit_detail, error))
    goto rollback;
  started = g_get_monotonic_time ();
  if (!commit_batch (&imp, result->rows, TRUE, error))
    goto rollback;
  phase_done ("commit", &started);
  ok = TRUE;
  goto out;

rollback:
  sd_db_rollback (imp.db);
  _sd_store_set_bulk (imp.db, FALSE);
  _sd_store_set_bulk_memory (imp.db, FALSE);
out:
  _sd_store_set_bulk_memory (imp.db, FALSE);
  if (solo)
    _sd_db_leave_solo (imp.db);
  import_clear (&imp);
  return ok ? g_steal_pointer (&result) : NULL;
}

char *
sd_import_result_to_json (const SdImportResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "inserted");
  json_builder_add_int_value (builder, (gint64) result->inserted);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, (gint64) result->updated);
  json_builder_set_member_name (builder, "unchanged");
  json_builder_add_int_value (builder, (gint64) result->unchanged);
  json_builder_set_member_name (builder, "skipped");
  json_builder_add_int_value (builder, (gint64) result->skipped);
  json_builder_set_member_name (builder, "customers_created");
  json_builder_add_int_value (builder, (gint64) result->customers_created);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, (gint64) result->rows);
  json_builder_set_member_name (builder, "resumed_rows");
  json_builder_add_int_value (builder, (gint64) result->resumed_rows);
  json_builder_set_member_name (builder, "rolled_back");
  json_builder_add_boolean_value (builder, result->rolled_back);
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder, sd_encoding_to_string (result->encoding));
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->errors->len; i++)
    {
      SdImportIssue *issue = g_ptr_array_index (result->errors, i);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "row");
      json_builder_add_int_value (builder, issue->row);
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, issue->column);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, issue->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* ---- the preview ---- */

static gboolean
starts_with_bom (const char *path,
                 SdEncoding  encoding)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  guint8 head[4];
  gsize n = 0;

  if (stream == NULL || !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, &n, NULL, NULL))
    return FALSE;
  if (encoding == SD_ENCODING_UTF8)
    return n >= 3 && memcmp (head, "\xEF\xBB\xBF", 3) == 0;
  if (encoding == SD_ENCODING_GB18030)
    return n >= 4 && memcmp (head, "\x84\x31\x95\x33", 4) == 0;
  return FALSE;
}

void
sd_import_preview_free (SdImportPreview *preview)
{
  if (preview == NULL)
    return;
  g_clear_pointer (&preview->headers, g_ptr_array_unref);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_clear_pointer (&preview->row_numbers, g_array_unref);
  g_clear_pointer (&preview->fields, g_array_unref);
  g_clear_pointer (&preview->issues, g_ptr_array_unref);
  g_free (preview->problem);
  g_free (preview);
}

/* The cells of the record just read, cleaned, one per header column. */
static GStrv
preview_cells (Import *imp)
{
  GStrv cells = g_new0 (char *, imp->n_columns + 1);

  for (guint i = 0; i < imp->n_columns; i++)
    cells[i] = i < source_n_fields (&imp->source) ? sd_csv_clean_cell (source_field (&imp->source, i))
                                                  : g_strdup ("");
  return cells;
}

SdImportPreview *
sd_import_preview (const char             *path,
                   const SdImportOptions  *options,
                   guint                   max_rows,
                   GError                **error)
{
  g_autoptr(SdImportPreview) preview = g_new0 (SdImportPreview, 1);
  g_autoptr(SdImportResult) result = g_new0 (SdImportResult, 1);
  g_autoptr(GError) problem = NULL;
  g_autofree char *base = NULL;
  Import imp = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL && options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_import_issue_free);
  result->columns = g_ptr_array_new_with_free_func (g_free);
  preview->headers = g_ptr_array_new_with_free_func (g_free);
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  preview->row_numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  preview->fields = g_array_new (FALSE, FALSE, sizeof (SdField));
  preview->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_import_issue_free);
  base = g_path_get_basename (path);

  /* The same reader, header search and column mapping as the import itself, and the same
   * checks of each row, so what the preview shows is what the import will do. */
  imp.options = options;
  imp.result = result;
  imp.platform = options->platform && *options->platform ? options->platform : "taobao";
  imp.source_label = g_strdup_printf ("import:%s", base);
  imp.scratch = g_string_new (NULL);
  imp.provinces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp.now = g_get_real_time () / G_USEC_PER_SEC;
  imp.issue_sink = preview->issues;

  if (!source_open (&imp, path, error) || !map_columns (&imp, error))
    goto out;

  preview->encoding = result->encoding;
  preview->has_bom = imp.source.csv != NULL && starts_with_bom (path, preview->encoding);
  preview->header_row = imp.source.csv != NULL ? sd_csv_reader_get_row (imp.source.csv) : 1;
  for (guint i = 0; i < imp.n_columns; i++)
    {
      SdField f = imp.map[i];
      SdField read = f;

      g_ptr_array_add (preview->headers, g_strdup (g_ptr_array_index (imp.source.header, i)));
      if (f == SD_FIELD_ORDER_ID)
        preview->kind_guess = SD_IMPORT_ORDERS;
      /* A column the import passes over shows as such: a field this kind does not read,
       * or a second column for a field whose first column is read. */
      if (f > SD_FIELD_IGNORE && (!sd_field_is_read (f, options->kind) || imp.column_of[f] != (int) i))
        read = SD_FIELD_NONE;
      g_array_append_val (preview->fields, read);
    }
  if (!check_columns (&imp, FALSE, &problem))
    preview->problem = g_strdup (problem->message);

  /* Undecodable records count towards the limit too, so a wrongly forced encoding does not
   * read the whole file. */
  for (guint records = 0; records < max_rows; records++)
    {
      g_autoptr(GError) fault = NULL;
      g_auto(Incoming) in = { 0 };
      gboolean more = source_next (&imp.source, &fault);
      guint row;

      if (!more && fault == NULL)
        break;
      row = source_row (&imp.source);
      if (fault != NULL)
        {
          add_issue (&imp, row, -1, fault->message);
          continue;
        }
      if (row_is_blank (&imp.source))
        {
          records--;
          continue;
        }
      g_ptr_array_add (preview->rows, preview_cells (&imp));
      g_array_append_val (preview->row_numbers, row);
      if (preview->problem == NULL)
        read_row (&imp, &in);
    }
  ok = TRUE;

out:
  import_clear (&imp);
  return ok ? g_steal_pointer (&preview) : NULL;
}
