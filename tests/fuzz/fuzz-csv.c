/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the CSV reader and writer. Besides not crashing, for every
 * input: the reader gives the same records, rows and errors whatever the chunk size
 * (so chunk boundaries cannot change what a file means), rows only go up, fields are
 * valid UTF-8, and every record read survives sd_csv_append_row() and a second reader
 * unchanged but for the apostrophe that neutralises formulas. */
#include <stdint.h>
#include <string.h>

#include "sd-csv.h"
#include "sd-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  guint row;
  GStrv fields;        /* NULL for an error */
  char *error;
} Record;

static void
record_clear (gpointer data)
{
  Record *record = data;

  g_strfreev (record->fields);
  g_free (record->error);
}

/* Reads everything, checking what must hold of any input; NULL when the reader
 * refuses the input outright. */
static GArray *
read_all (const char *data,
          gsize       size,
          SdEncoding  encoding,
          gsize       chunk_size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCsvReader) reader = sd_csv_reader_new_for_data (data, size, encoding, &error);
  g_autoptr(GArray) records = NULL;
  guint last_row = 0;

  if (reader == NULL)
    {
      g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
      g_assert_cmpint (encoding, ==, SD_ENCODING_AUTO);
      return NULL;
    }
  g_assert_cmpint (sd_csv_reader_get_encoding (reader), !=, SD_ENCODING_AUTO);
  if (encoding != SD_ENCODING_AUTO)
    g_assert_cmpint (sd_csv_reader_get_encoding (reader), ==, encoding);
  if (chunk_size > 0)
    sd_csv_reader_set_chunk_size (reader, chunk_size);

  records = g_array_new (FALSE, TRUE, sizeof (Record));
  g_array_set_clear_func (records, record_clear);

  for (;;)
    {
      Record record = { 0 };
      gboolean ok = sd_csv_reader_next (reader, &error);

      g_assert_cmpuint (sd_csv_reader_get_bytes_read (reader), <=, size);
      g_assert_cmpuint (sd_csv_reader_get_bytes_total (reader), ==, size);
      if (!ok && error == NULL)
        break;

      record.row = sd_csv_reader_get_row (reader);
      g_assert_cmpuint (record.row, >, last_row);
      last_row = record.row;

      if (!ok)
        {
          g_autofree char *prefix = g_strdup_printf ("row %u", record.row);

          g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT);
          g_assert_true (g_str_has_prefix (error->message, prefix));
          g_assert_cmpuint (sd_csv_reader_get_n_fields (reader), ==, 0);
          record.error = g_strdup (error->message);
          g_clear_error (&error);
        }
      else
        {
          guint n = sd_csv_reader_get_n_fields (reader);

          g_assert_cmpuint (n, >, 0);
          record.fields = g_new0 (char *, n + 1);
          for (guint i = 0; i < n; i++)
            {
              const char *field = sd_csv_reader_get_field (reader, i);
              g_autofree char *clean = sd_csv_clean_cell (field);

              g_assert_true (g_utf8_validate (field, -1, NULL));
              g_assert_true (g_utf8_validate (clean, -1, NULL));
              g_assert_cmpuint (strlen (clean), <=, strlen (field));
              record.fields[i] = g_strdup (field);
            }
        }
      g_array_append_val (records, record);
    }

  g_assert_cmpuint (sd_csv_reader_get_bytes_read (reader), ==, size);
  return g_steal_pointer (&records);
}

static void
assert_same (GArray *a,
             GArray *b)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (a == NULL)
    return;
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      Record *ra = &g_array_index (a, Record, i);
      Record *rb = &g_array_index (b, Record, i);

      g_assert_cmpuint (ra->row, ==, rb->row);
      g_assert_cmpstr (ra->error, ==, rb->error);
      g_assert_true ((ra->fields == NULL) == (rb->fields == NULL));
      if (ra->fields != NULL)
        g_assert_true (g_strv_equal ((const char * const *) ra->fields,
                                     (const char * const *) rb->fields));
    }
}

static void
check_round_trip (GArray *records)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) again = NULL;
  guint n_written = 0;

  for (guint i = 0; i < records->len; i++)
    {
      Record *record = &g_array_index (records, Record, i);

      if (record->fields == NULL)
        continue;
      sd_csv_append_row (out, (const char * const *) record->fields,
                         g_strv_length (record->fields));
    }

  again = read_all (out->str, out->len, SD_ENCODING_UTF8, 0);
  g_assert_nonnull (again);
  for (guint i = 0; i < records->len; i++)
    {
      Record *record = &g_array_index (records, Record, i);
      Record *copy;
      guint n;

      if (record->fields == NULL)
        continue;
      g_assert_cmpuint (n_written, <, again->len);
      copy = &g_array_index (again, Record, n_written);
      n_written++;
      /* One Excel row each: nothing written makes an empty line or splits a row. */
      g_assert_cmpuint (copy->row, ==, n_written);
      g_assert_null (copy->error);
      n = g_strv_length (record->fields);
      g_assert_cmpuint (g_strv_length (copy->fields), ==, n);
      for (guint j = 0; j < n; j++)
        {
          const char *field = record->fields[j];
          const char *read_back = copy->fields[j];

          if (field[0] != '\0' && strchr ("=+-@\t\r'", field[0]) != NULL)
            {
              g_assert_cmpint (read_back[0], ==, '\'');
              read_back++;
            }
          g_assert_cmpstr (read_back, ==, field);
        }
    }
  g_assert_cmpuint (again->len, ==, n_written);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const SdEncoding encodings[] = { SD_ENCODING_AUTO, SD_ENCODING_UTF8, SD_ENCODING_GB18030 };
  /* A chunk size that depends on the input, so boundaries fall everywhere. */
  gsize small_chunk = 1 + (size > 0 ? data[size / 2] % 7 : 0);

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autoptr(GArray) whole = read_all ((const char *) data, size, encodings[i], 0);
      g_autoptr(GArray) chunked = read_all ((const char *) data, size, encodings[i], small_chunk);

      assert_same (whole, chunked);
      if (whole != NULL)
        check_round_trip (whole);
    }
  return 0;
}
