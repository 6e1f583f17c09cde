/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-export"

#include "sd-i18n.h"

#include <json-glib/json-glib.h>

#include "sd-csv.h"
#include "sd-audit.h"
#include "sd-error.h"
#include "sd-customer-private.h"
#include "sd-export.h"
#include "sd-json.h"
#include "sd-store-private.h"
#include "sd-values.h"

#define FLUSH_AT (256 * 1024)
#define PROGRESS_EVERY 500

static const char *columns[] = {
  "id", "platform", "nick", "name", "phone", "email", "gender", "birthday", "province", "city",
  "district", "address", "tags", "notes", "source", "created_at", "updated_at", "sms_opt_out_at",
  "sms_opt_out_reason", "total_spent", "order_count", "average_order", "first_order_at",
  "last_order_at", "refund_count",
};

typedef struct
{
  SdExportFormat        format;
  GOutputStream        *stream;
  GCancellable         *cancellable;
  GString              *buffer;
  guint64               count;
  SdExportProgressFunc  progress;
  gpointer              user_data;
  gboolean              mask;
} Export;

static gboolean
flush (Export  *ex,
       gboolean force,
       GError **error)
{
  if (ex->buffer->len == 0 || (!force && ex->buffer->len < FLUSH_AT))
    return TRUE;
  if (!g_output_stream_write_all (ex->stream, ex->buffer->str, ex->buffer->len, NULL, ex->cancellable, error))
    return FALSE;
  g_string_truncate (ex->buffer, 0);
  return TRUE;
}

static char *
notes_text (const SdCustomer *c)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; c->notes && i < c->notes->len; i++)
    {
      const SdNote *note = g_ptr_array_index (c->notes, i);
      g_autofree char *when = sd_format_time_iso (note->created_at);
      g_string_append_printf (text, "%s[%s %s] %s", text->len ? "\n" : "", when, note->author_name, note->body);
    }
  return g_string_free (text, FALSE);
}

static char *
tags_text (const SdCustomer *c)
{
  g_ptr_array_add (c->tags, NULL);
  {
    char *joined = g_strjoinv (";", (char **) c->tags->pdata);
    g_ptr_array_set_size (c->tags, c->tags->len - 1);
    return joined;
  }
}

static void
write_csv_row (Export           *ex,
               const SdCustomer *c)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, c->id);
  g_autofree char *tags = tags_text (c);
  g_autofree char *notes = notes_text (c);
  g_autofree char *created = sd_format_time_iso (c->created_at);
  g_autofree char *updated = sd_format_time_iso (c->updated_at);
  g_autofree char *opt_out = sd_format_time_iso (c->sms_opt_out_at);
  g_autofree char *spent = sd_format_money (c->total_spent_cents);
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, c->order_count);
  g_autofree char *average = sd_format_money (sd_customer_get_average_order_cents (c));
  g_autofree char *first = sd_format_time_iso (c->first_order_at);
  g_autofree char *last = sd_format_time_iso (c->last_order_at);
  g_autofree char *refunds = g_strdup_printf ("%" G_GINT64_FORMAT, c->refund_count);
  const char *fields[] = {
    id, c->platform, c->nick, c->name, c->phone, c->email, sd_gender_to_string (c->gender),
    c->birthday, c->province, c->city, c->district, c->address, tags, notes, c->source, created,
    updated, opt_out, c->sms_opt_out_reason, spent, count, average, first, last, refunds,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (fields) == G_N_ELEMENTS (columns));
  sd_csv_append_row (ex->buffer, fields, G_N_ELEMENTS (fields));
}

static void
write_json_row (Export           *ex,
                const SdCustomer *c)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  sd_json_add_int (b, "id", c->id);
  sd_json_add_string (b, "platform", c->platform);
  sd_json_add_string (b, "nick", c->nick);
  sd_json_add_string (b, "name", c->name);
  sd_json_add_string (b, "phone", c->phone);
  sd_json_add_string (b, "email", c->email);
  sd_json_add_string (b, "gender", sd_gender_to_string (c->gender));
  sd_json_add_string (b, "birthday", c->birthday);
  sd_json_add_string (b, "province", c->province);
  sd_json_add_string (b, "city", c->city);
  sd_json_add_string (b, "district", c->district);
  sd_json_add_string (b, "address", c->address);
  json_builder_set_member_name (b, "tags");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->tags->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (c->tags, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (guint i = 0; c->notes && i < c->notes->len; i++)
    {
      const SdNote *note = g_ptr_array_index (c->notes, i);
      json_builder_begin_object (b);
      sd_json_add_shop_time (b, "created_at", note->created_at);
      sd_json_add_string (b, "author", note->author_name);
      sd_json_add_string (b, "body", note->body);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  sd_json_add_string (b, "source", c->source);
  sd_json_add_shop_time (b, "created_at", c->created_at);
  sd_json_add_shop_time (b, "updated_at", c->updated_at);
  sd_json_add_shop_time (b, "sms_opt_out_at", c->sms_opt_out_at);
  sd_json_add_string (b, "sms_opt_out_reason", c->sms_opt_out_reason);
  sd_json_add_int (b, "total_spent_cents", c->total_spent_cents);
  sd_json_add_int (b, "order_count", c->order_count);
  sd_json_add_int (b, "average_order_cents", sd_customer_get_average_order_cents (c));
  sd_json_add_shop_time (b, "first_order_at", c->first_order_at);
  sd_json_add_shop_time (b, "last_order_at", c->last_order_at);
  sd_json_add_int (b, "refund_count", c->refund_count);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_string_append (ex->buffer, ex->count ? ",\n  " : "\n  ");
  g_string_append (ex->buffer, text);
}

static gboolean
export_one (SdCustomer *customer,
            gpointer    user_data,
            GError    **error)
{
  Export *ex = user_data;

  if (g_cancellable_set_error_if_cancelled (ex->cancellable, error))
    return FALSE;
  if (ex->mask)
    _sd_customer_mask_contact (customer);
  if (ex->format == SD_EXPORT_CSV)
    write_csv_row (ex, customer);
  else
    write_json_row (ex, customer);
  ex->count++;
  if (ex->progress != NULL && ex->count % PROGRESS_EVERY == 0)
    ex->progress (ex->count, ex->user_data);
  return flush (ex, FALSE, error);
}

gboolean
sd_export_format_from_string (const char     *name,
                              SdExportFormat *out_format)
{
  if (g_strcmp0 (name, "csv") == 0)
    *out_format = SD_EXPORT_CSV;
  else if (g_strcmp0 (name, "json") == 0)
    *out_format = SD_EXPORT_JSON;
  else
    return FALSE;
  return TRUE;
}

/* Exporting needs both permissions; checked before any file is touched. */
static gboolean
may_export (SdSession  *session,
            GError    **error)
{
  return sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error) &&
         sd_session_require (session, SD_PERMISSION_EXPORT_CUSTOMERS, error);
}

static gboolean
export_to_stream (SdSession             *session,
                  const SdCustomerQuery *query,
                  SdExportFormat         format,
                  const char            *target,
                  GOutputStream         *stream,
                  SdExportProgressFunc   progress,
                  gpointer               user_data,
                  guint64               *out_count,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autoptr(SdCustomerQuery) q = query ? sd_customer_query_copy (query) : sd_customer_query_new ();
  g_autoptr(GString) buffer = g_string_sized_new (FLUSH_AT + 4096);
  g_autofree char *detail = NULL;
  Export ex = { format, stream, cancellable, buffer, 0, progress, user_data, FALSE };

  ex.mask = q->contact_hidden = !sd_session_can (session, SD_PERMISSION_SEE_CONTACT);

  if (format == SD_EXPORT_CSV)
    {
      /* The BOM makes Excel and WPS read UTF-8 instead of guessing GBK. */
      g_string_append (buffer, "\xEF\xBB\xBF");
      sd_csv_append_row (buffer, columns, G_N_ELEMENTS (columns));
    }
  else
    g_string_append_c (buffer, '[');

  if (!_sd_store_foreach_customer (sd_session_get_db (session), q, TRUE,
                                   export_one, &ex, error))
    return FALSE;

  if (format == SD_EXPORT_JSON)
    g_string_append (buffer, ex.count ? "\n]\n" : "]\n");
  if (!flush (&ex, TRUE, error))
    return FALSE;
  if (progress != NULL)
    progress (ex.count, user_data);
  detail = g_strdup_printf ("%s, %" G_GUINT64_FORMAT " rows%s%s%s", format == SD_EXPORT_CSV ? "CSV" : "JSON",
                            ex.count, ex.mask ? ", contact masked" : "",
                            target ? ", to " : "", target ? target : "");
  if (!sd_audit_append (session, SD_AUDIT_EXPORT, q->ids ? "selection" : "customers", NULL, detail, error))
    return FALSE;
  if (out_count)
    *out_count = ex.count;
  return TRUE;
}

gboolean
sd_export_customers (SdSession             *session,
                     const SdCustomerQuery *query,
                     SdExportFormat         format,
                     GOutputStream         *stream,
                     guint64               *out_count,
                     GCancellable          *cancellable,
                     GError               **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  return may_export (session, error) &&
         export_to_stream (session, query, format, NULL, stream, NULL, NULL, out_count, cancellable, error);
}

gboolean
sd_export_customers_to_path (SdSession             *session,
                             const SdCustomerQuery *query,
                             SdExportFormat         format,
                             const char            *path,
                             guint64               *out_count,
                             GCancellable          *cancellable,
                             GError               **error)
{
  return sd_export_customers_to_path_full (session, query, format, path, NULL, NULL, out_count,
                                           cancellable, error);
}

gboolean
sd_export_customers_to_path_full (SdSession             *session,
                                  const SdCustomerQuery *query,
                                  SdExportFormat         format,
                                  const char            *path,
                                  SdExportProgressFunc   progress,
                                  gpointer               user_data,
                                  guint64               *out_count,
                                  GCancellable          *cancellable,
                                  GError               **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!may_export (session, error))
    return FALSE;
  file = g_file_new_for_path (path);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, cancellable, &local);
  if (stream == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not write “%s”: %s"), path, local->message);
      return FALSE;
    }
  if (!export_to_stream (session, query, format, path, G_OUTPUT_STREAM (stream), progress, user_data, out_count,
                         cancellable, error))
    {
      /* Closing after a cancel leaves the old file, if any, as it was. */
      g_autoptr(GCancellable) abandon = g_cancellable_new ();
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Could not write “%s”: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}
