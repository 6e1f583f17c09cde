/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-copy-buffer"

#include <sqlite3.h>

#include "sd-copy-buffer-private.h"

/* The columns each table's rows give, in order; the others take their defaults (ids of
 * notes and orders are drawn by the server, in the order the rows come). */
static const struct
{
  const char *name;
  const char *copy;
} tables[SD_COPY_N] = {
  [SD_COPY_CUSTOMERS] = { "customers",
                          "COPY customers (id, platform, nick, name, phone, phone_state, email, gender, birthday, "
                          "province, city, district, address, source, created_at, updated_at, sms_opt_out_at, "
                          "sms_opt_out_reason) FROM STDIN" },
  [SD_COPY_TAGS] = { "customer_tags", "COPY customer_tags (customer_id, tag) FROM STDIN" },
  [SD_COPY_NOTES] = { "customer_notes",
                      "COPY customer_notes (customer_id, author_id, author_name, body, created_at) FROM STDIN" },
  [SD_COPY_ORDERS] = { "orders",
                       "COPY orders (platform, platform_order_id, customer_id, amount_cents, status, created_at, "
                       "paid_at, modified_at, refund_state, refund_cents, counted, refunded, items) FROM STDIN" },
};

struct _SdCopyBuffer
{
  GString *rows[SD_COPY_N];   /* COPY's text format, a line a row */
  GString *row;               /* the row being built: each value after a tab */
  gint64   first_customer;
};

SdCopyBuffer *
_sd_copy_buffer_new (void)
{
  SdCopyBuffer *buffer = g_new0 (SdCopyBuffer, 1);

  for (int t = 0; t < SD_COPY_N; t++)
    buffer->rows[t] = g_string_new (NULL);
  buffer->row = g_string_new (NULL);
  buffer->first_customer = G_MAXINT64;
  return buffer;
}

void
_sd_copy_buffer_free (SdCopyBuffer *buffer)
{
  if (buffer == NULL)
    return;
  for (int t = 0; t < SD_COPY_N; t++)
    g_string_free (buffer->rows[t], TRUE);
  g_string_free (buffer->row, TRUE);
  g_free (buffer);
}

gboolean
_sd_copy_buffer_is_empty (SdCopyBuffer *buffer)
{
  return _sd_copy_buffer_size (buffer) == 0;
}

gsize
_sd_copy_buffer_size (SdCopyBuffer *buffer)
{
  gsize size = 0;

  for (int t = 0; t < SD_COPY_N; t++)
    size += buffer->rows[t]->len;
  return size;
}

void
_sd_copy_buffer_begin_row (SdCopyBuffer *buffer)
{
  g_string_truncate (buffer->row, 0);
}

void
_sd_copy_buffer_text (SdCopyBuffer *buffer,
                      const char   *text)
{
  GString *out = buffer->row;

  g_string_append_c (out, '\t');
  for (const char *p = text ? text : ""; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      case '\t': g_string_append (out, "\\t"); break;
      default: g_string_append_c (out, *p); break;
      }
}

void
_sd_copy_buffer_int (SdCopyBuffer *buffer,
                     gint64        value)
{
  g_string_append_printf (buffer->row, "\t%" G_GINT64_FORMAT, value);
}

void
_sd_copy_buffer_null (SdCopyBuffer *buffer)
{
  g_string_append (buffer->row, "\t\\N");
}

void
_sd_copy_buffer_end_row (SdCopyBuffer *buffer,
                         SdCopyTable   table)
{
  g_return_if_fail (buffer->row->len > 0);
  /* Without the first value's tab. */
  g_string_append_len (buffer->rows[table], buffer->row->str + 1, (gssize) buffer->row->len - 1);
  g_string_append_c (buffer->rows[table], '\n');
  g_string_truncate (buffer->row, 0);
}

gint64
_sd_copy_buffer_first_customer (SdCopyBuffer *buffer)
{
  return buffer->first_customer;
}

void
_sd_copy_buffer_note_customer (SdCopyBuffer *buffer,
                               gint64        id)
{
  buffer->first_customer = MIN (buffer->first_customer, id);
}

int
_sd_copy_buffer_send (SdCopyBuffer    *buffer,
                      SdPgConnection  *conn,
                      const char     **out_table)
{
  int rc = SQLITE_OK;

  for (int t = 0; t < SD_COPY_N && rc == SQLITE_OK; t++)
    {
      GString *rows = buffer->rows[t];
      int end_rc;

      if (rows->len == 0)
        continue;
      *out_table = tables[t].name;
      rc = _sd_pg_copy_begin (conn, tables[t].copy);
      if (rc != SQLITE_OK)
        break;
      rc = _sd_pg_copy_put (conn, rows->str, rows->len);
      /* Ended even after a failure: the connection must leave COPY's state. */
      end_rc = _sd_pg_copy_end (conn);
      rc = rc != SQLITE_OK ? rc : end_rc;
    }
  for (int t = 0; t < SD_COPY_N; t++)
    g_string_truncate (buffer->rows[t], 0);
  buffer->first_customer = G_MAXINT64;
  return rc;
}
