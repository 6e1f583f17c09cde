/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-optouts"

#include <string.h>

#include "sd-i18n.h"

#include "net/sd-sms-gateway.h"
#include "sd-audit.h"
#include "sd-csv.h"
#include "sd-error.h"
#include "sd-optouts.h"
#include "sd-outbox-store-private.h"
#include "sd-phone.h"


/* The form sms_optouts keeps a number in: E.164 as customers.phone has it (+86 and the 11
 * digits), so that the audience and the outbox match it without converting. NULL when
 * PHONE is not a mainland mobile number. */
static char *
optout_key (const char *phone)
{
  g_autofree char *digits = sd_sms_gateway_normalize_phone (phone);

  return digits != NULL ? g_strconcat ("+86", digits, NULL) : NULL;
}

gboolean
sd_optouts_add (SdSession   *session,
                const char  *phone,
                const char  *source,
                gint64      *out_withdrawn,
                GError     **error)
{
  g_autofree char *key = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *detail = NULL;
  gboolean added = FALSE;
  gint64 withdrawn;
  gint64 now;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (phone != NULL, FALSE);

  if (!sd_session_require (session, SD_PERMISSION_EDIT_CUSTOMERS, error))
    return FALSE;
  key = optout_key (phone);
  if (key == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("“%s” is not a mainland mobile number (11 digits starting with 1, or +86 and them)."), phone);
      return FALSE;
    }
  db = sd_session_get_db (session);
  now = sd_db_now (db);
  masked = sd_phone_mask (key);
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_optouts_insert (db, key, now, source ? source : "manual", &added, error) ||
      (withdrawn = _sd_optouts_withdraw_queued (db, key, now, error)) < 0)
    goto fail;
  detail = g_strdup_printf ("%s%s, %lld queued messages withdrawn", masked, added ? "" : " (already opted out)",
                            (long long) withdrawn);
  if (!sd_audit_append (session, SD_AUDIT_OPTOUTS_ADD, "phone", masked, detail, error) || !sd_db_commit (db, error))
    goto fail;
  if (out_withdrawn != NULL)
    *out_withdrawn = withdrawn;
  return TRUE;

fail:
  sd_db_rollback (db);
  return FALSE;
}

gboolean
sd_optouts_contains (SdSession   *session,
                     const char  *phone,
                     GError     **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return FALSE;
  key = optout_key (phone);
  return key != NULL && _sd_optouts_has (sd_session_get_db (session), key);
}

gint64
sd_optouts_count (SdSession  *session,
                  GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), -1);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return -1;
  return _sd_optouts_total (sd_session_get_db (session));
}

/* ---- import ---- */

static const char * const phone_headers[] = {
  "phone", "mobile", "number", "phone_number", "phonenumber", "phonenum", "mobile_number",
  "手机", "手机号", "手机号码", "号码", "电话", "电话号码", NULL,
};
static const char * const reply_headers[] = {
  "reply", "content", "text", "message", "回复", "回复内容", "内容", "上行内容", "短信内容", NULL,
};

/* A cell folded for comparing: cleaned, NFKC (full-width letters become ASCII), lower case. */
static char *
fold_cell (const char *cell)
{
  g_autofree char *clean = sd_csv_clean_cell (cell ? cell : "");
  g_autofree char *nfkc = g_utf8_normalize (clean, -1, G_NORMALIZE_ALL_COMPOSE);

  if (nfkc == NULL)
    return g_strdup ("");
  return g_strstrip (g_utf8_strdown (nfkc, -1));
}

static gboolean
is_one_of (const char         *folded,
           const char * const *names)
{
  return g_strv_contains (names, folded);
}

/* Whether a reply is a refusal: R, T or TD (PROTOCOLS.md §5), any case or width. */
static gboolean
is_refusal (const char *reply)
{
  g_autofree char *folded = fold_cell (reply);

  return strcmp (folded, "r") == 0 || strcmp (folded, "t") == 0 || strcmp (folded, "td") == 0;
}

typedef struct
{
  int phone_column;     /* -1: not found yet */
  int reply_column;     /* -1: a plain list */
  gboolean header_seen;
} Columns;

/* The first record: a header naming the columns, or already a number. */
static gboolean
read_header (SdCsvReader *reader,
             Columns     *columns)
{
  guint n = sd_csv_reader_get_n_fields (reader);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *folded = fold_cell (sd_csv_reader_get_field (reader, i));

      if (columns->phone_column < 0 && is_one_of (folded, phone_headers))
        columns->phone_column = (int) i;
      else if (columns->reply_column < 0 && is_one_of (folded, reply_headers))
        columns->reply_column = (int) i;
    }
  columns->header_seen = columns->phone_column >= 0;
  if (!columns->header_seen)
    {
      columns->phone_column = 0;
      columns->reply_column = -1;
    }
  return columns->header_seen;
}

static gboolean
is_comment_or_empty (SdCsvReader *reader)
{
  guint n = sd_csv_reader_get_n_fields (reader);
  g_autofree char *first = NULL;

  if (n == 0)
    return TRUE;
  first = fold_cell (sd_csv_reader_get_field (reader, 0));
  if (first[0] == '#')
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *cell = fold_cell (sd_csv_reader_get_field (reader, i));

      if (*cell != '\0')
        return FALSE;
    }
  return TRUE;
}

/* One data record: opts its number out, or skips it. */
static gboolean
import_record (SdDb                 *db,
               SdCsvReader          *reader,
               const char           *name,
               const Columns        *columns,
               gint64                now,
               SdOptoutImportResult *result,
               GError              **error)
{
  const char *cell = (guint) columns->phone_column < sd_csv_reader_get_n_fields (reader) ?
                     sd_csv_reader_get_field (reader, columns->phone_column) : "";
  g_autofree char *clean = sd_csv_clean_cell (cell);
  g_autofree char *key = NULL;
  gboolean added = FALSE;

  result->rows++;
  if (columns->reply_column >= 0)
    {
      const char *reply = (guint) columns->reply_column < sd_csv_reader_get_n_fields (reader) ?
                          sd_csv_reader_get_field (reader, columns->reply_column) : "";

      if (!is_refusal (reply))
        {
          result->skipped++;
          return TRUE;
        }
    }
  key = optout_key (clean);
  if (key == NULL)
    {
      if (*clean == '\0')
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("%s: row %u, column %d: the number is missing."),
                     name, sd_csv_reader_get_row (reader), columns->phone_column + 1);
      else
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                     _("%s: row %u, column %d: “%s” is not a mainland mobile number."),
                     name, sd_csv_reader_get_row (reader), columns->phone_column + 1, clean);
      return FALSE;
    }
  if (!_sd_optouts_insert (db, key, now, "import", &added, error))
    return FALSE;
  if (added)
    result->added++;
  else
    result->already++;
  return TRUE;
}

static gboolean
import_records (SdDb                 *db,
                SdCsvReader          *reader,
                const char           *name,
                gint64                now,
                SdOptoutImportResult *result,
                GCancellable         *cancellable,
                GError              **error)
{
  Columns columns = { -1, -1, FALSE };
  gboolean first = TRUE;
  g_autoptr(GError) local_error = NULL;

  while (sd_csv_reader_next (reader, &local_error))
    {
      if (is_comment_or_empty (reader))
        continue;
      if (first)
        {
          first = FALSE;
          if (read_header (reader, &columns))
            continue;
        }
      if (!import_record (db, reader, name, &columns, now, result, error))
        return FALSE;
      if (result->rows % 1024 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  if (local_error != NULL)
    {
      g_set_error (error, local_error->domain, local_error->code, "%s: %s", name, local_error->message);
      return FALSE;
    }
  if (columns.header_seen && columns.phone_column < 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("%s: no column of phone numbers."), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_optouts_import_file (SdSession            *session,
                        GFile                *file,
                        SdOptoutImportResult *result,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *detail = NULL;
  SdCsvReader *reader;
  SdOptoutImportResult local = { 0, };
  gint64 now;
  gboolean ok;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_EDIT_CUSTOMERS, error))
    return FALSE;
  path = g_file_get_path (file);
  name = g_file_get_basename (file);
  if (path == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("%s: not a local file."), name);
      return FALSE;
    }
  reader = sd_csv_reader_new_for_path (path, SD_ENCODING_AUTO, error);
  if (reader == NULL)
    return FALSE;
  db = sd_session_get_db (session);
  now = sd_db_now (db);
  if (!sd_db_begin (db, error))
    {
      sd_csv_reader_free (reader);
      return FALSE;
    }
  ok = import_records (db, reader, name, now, &local, cancellable, error) &&
       (local.withdrawn = _sd_optouts_withdraw_queued (db, NULL, now, error)) >= 0;
  sd_csv_reader_free (reader);
  if (ok)
    {
      detail = g_strdup_printf ("%s: %u rows, %u added, %u already, %u skipped, %lld queued messages withdrawn",
                                name, local.rows, local.added, local.already, local.skipped,
                                (long long) local.withdrawn);
      ok = sd_audit_append (session, SD_AUDIT_OPTOUTS_IMPORT, "file", name, detail, error) && sd_db_commit (db, error);
    }
  if (!ok)
    {
      sd_db_rollback (db);
      return FALSE;
    }
  if (result != NULL)
    *result = local;
  return TRUE;
}
