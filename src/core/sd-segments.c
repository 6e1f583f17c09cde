/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-segments"

#include "sd-i18n.h"

#include "sd-audit.h"
#include "sd-customers.h"
#include "sd-error.h"
#include "sd-segments.h"
#include "sd-store-private.h"

G_DEFINE_BOXED_TYPE (SdSegment, sd_segment, sd_segment_copy, sd_segment_free)

SdSegment *
sd_segment_new (void)
{
  SdSegment *segment = g_new0 (SdSegment, 1);

  segment->name = g_strdup ("");
  segment->expression = g_strdup ("");
  segment->count = -1;
  return segment;
}

SdSegment *
sd_segment_copy (const SdSegment *segment)
{
  SdSegment *copy;

  g_return_val_if_fail (segment != NULL, NULL);

  copy = g_new (SdSegment, 1);
  *copy = *segment;
  copy->name = g_strdup (segment->name);
  copy->expression = g_strdup (segment->expression);
  return copy;
}

void
sd_segment_free (SdSegment *segment)
{
  if (segment == NULL)
    return;
  g_free (segment->name);
  g_free (segment->expression);
  g_free (segment);
}

SdCondition *
sd_segment_get_condition (const SdSegment  *segment,
                          GError          **error)
{
  g_return_val_if_fail (segment != NULL, NULL);
  return sd_condition_parse (segment->expression, error);
}

/* The name trimmed, or NULL and an error saying what a name must be. */
static char *
check_name (const char  *name,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  glong chars = g_utf8_strlen (trimmed, -1);

  if (chars < 1 || chars > SD_SEGMENT_NAME_MAX_CHARS)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("A segment’s name has 1 to %d characters."), SD_SEGMENT_NAME_MAX_CHARS);
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

/* The expression in its canonical form, or NULL and the parser's error. */
static char *
check_expression (const char  *expression,
                  GError     **error)
{
  g_autoptr(SdCondition) condition = sd_condition_parse (expression ? expression : "", error);

  return condition ? sd_condition_to_string (condition) : NULL;
}

/* Runs a change to the segments and its audit entry as one transaction. */
typedef struct
{
  gint64      id;
  const char *name;
  const char *expression;
  gint64      now;
} Change;

typedef gboolean (*ChangeFunc) (SdDb *db, Change *change, GError **error);

static gboolean
change_and_audit (SdSession   *session,
                  ChangeFunc   func,
                  Change      *change,
                  const char  *action,
                  const char  *detail,
                  GError     **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autofree char *object_id = NULL;

  change->now = sd_db_now (db);
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!func (db, change, error) ||
      !(object_id = g_strdup_printf ("%" G_GINT64_FORMAT, change->id)) ||
      !sd_audit_append (session, action, "segment", object_id, detail, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_segment (SdDb    *db,
                Change  *change,
                GError **error)
{
  change->id = _sd_store_insert_segment (db, change->name, change->expression, change->now, error);
  return change->id != 0;
}

static gboolean
update_segment (SdDb    *db,
                Change  *change,
                GError **error)
{
  return _sd_store_update_segment (db, change->id, change->name, change->expression, change->now, error);
}

static gboolean
delete_segment (SdDb    *db,
                Change  *change,
                GError **error)
{
  return _sd_store_delete_segment (db, change->id, error);
}

gint64
sd_segments_create (SdSession   *session,
                    const char  *name,
                    const char  *expression,
                    GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *detail = NULL;
  Change change = { 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), 0);

  if (!sd_session_require (session, SD_PERMISSION_MANAGE_TIERS, error) ||
      !(trimmed = check_name (name, error)) ||
      !(canonical = check_expression (expression, error)))
    return 0;

  change.name = trimmed;
  change.expression = canonical;
  detail = g_strdup_printf ("%s: %s", trimmed, canonical);
  if (!change_and_audit (session, insert_segment, &change, SD_AUDIT_SEGMENT_CREATE, detail, error))
    return 0;
  return change.id;
}

/* The segment as it is, for a change by an account that may change it. */
static SdSegment *
load_to_change (SdSession  *session,
                gint64      id,
                GError    **error)
{
  if (!sd_session_require (session, SD_PERMISSION_MANAGE_TIERS, error))
    return NULL;
  return _sd_store_load_segment (sd_session_get_db (session), id, error);
}

gboolean
sd_segments_rename (SdSession   *session,
                    gint64       id,
                    const char  *name,
                    GError     **error)
{
  g_autoptr(SdSegment) segment = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *detail = NULL;
  Change change = { 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!(segment = load_to_change (session, id, error)) ||
      !(trimmed = check_name (name, error)))
    return FALSE;
  if (g_strcmp0 (trimmed, segment->name) == 0)
    return TRUE;

  change.id = id;
  change.name = trimmed;
  change.expression = segment->expression;
  detail = g_strdup_printf ("%s → %s", segment->name, trimmed);
  return change_and_audit (session, update_segment, &change, SD_AUDIT_SEGMENT_EDIT, detail, error);
}

gboolean
sd_segments_set_expression (SdSession   *session,
                            gint64       id,
                            const char  *expression,
                            GError     **error)
{
  g_autoptr(SdSegment) segment = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *detail = NULL;
  Change change = { 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!(segment = load_to_change (session, id, error)) ||
      !(canonical = check_expression (expression, error)))
    return FALSE;
  if (g_strcmp0 (canonical, segment->expression) == 0)
    return TRUE;

  change.id = id;
  change.name = segment->name;
  change.expression = canonical;
  detail = g_strdup_printf ("%s: %s → %s", segment->name, segment->expression, canonical);
  return change_and_audit (session, update_segment, &change, SD_AUDIT_SEGMENT_EDIT, detail, error);
}

gboolean
sd_segments_delete (SdSession  *session,
                    gint64      id,
                    GError    **error)
{
  g_autoptr(SdSegment) segment = NULL;
  g_autofree char *detail = NULL;
  Change change = { 0 };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!(segment = load_to_change (session, id, error)))
    return FALSE;
  change.id = id;
  detail = g_strdup_printf ("%s: %s", segment->name, segment->expression);
  return change_and_audit (session, delete_segment, &change, SD_AUDIT_SEGMENT_DELETE, detail, error);
}

/* Reading. */

static SdCustomerQuery *
query_for_condition (SdCondition *condition)
{
  SdCustomerQuery *query = sd_customer_query_new ();

  query->condition = sd_condition_ref (condition);
  return query;
}

static gint64
count_condition (SdSession         *session,
                 const SdCondition *condition,
                 GError           **error)
{
  g_autoptr(SdCustomerQuery) query = query_for_condition ((SdCondition *) condition);

  return sd_customers_count (session, query, error);
}

GPtrArray *
sd_segments_list (SdSession  *session,
                  gboolean    with_counts,
                  GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  list = _sd_store_list_segments (sd_session_get_db (session), error);
  if (list == NULL)
    return NULL;
  for (guint i = 0; with_counts && i < list->len; i++)
    {
      SdSegment *segment = g_ptr_array_index (list, i);
      g_autoptr(SdCondition) condition = sd_segment_get_condition (segment, error);

      if (condition == NULL)
        return NULL;
      segment->count = count_condition (session, condition, error);
      if (segment->count < 0)
        return NULL;
    }
  return g_steal_pointer (&list);
}

SdSegment *
sd_segments_get (SdSession  *session,
                 gint64      id,
                 GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  return _sd_store_load_segment (sd_session_get_db (session), id, error);
}

SdSegment *
sd_segments_lookup (SdSession   *session,
                    const char  *name_or_id,
                    GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name_or_id ? name_or_id : ""));
  SdDb *db;
  gint64 id;
  guint64 number = 0;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error))
    return NULL;
  db = sd_session_get_db (session);
  id = _sd_store_find_segment (db, trimmed);
  if (id == 0 && g_ascii_string_to_unsigned (trimmed, 10, 1, G_MAXINT64, &number, NULL))
    id = (gint64) number;
  if (id == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no segment named “%s”."), trimmed);
      return NULL;
    }
  return _sd_store_load_segment (db, id, error);
}

/* The segment's condition, for an account that may read customers. */
static SdCondition *
load_condition (SdSession  *session,
                gint64      id,
                GError    **error)
{
  g_autoptr(SdSegment) segment = sd_segments_get (session, id, error);

  return segment ? sd_segment_get_condition (segment, error) : NULL;
}

gint64
sd_segments_count (SdSession  *session,
                   gint64      id,
                   GError    **error)
{
  g_autoptr(SdCondition) condition = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), -1);

  condition = load_condition (session, id, error);
  return condition ? count_condition (session, condition, error) : -1;
}

gint64
sd_segments_count_expression (SdSession   *session,
                              const char  *expression,
                              GError     **error)
{
  g_autoptr(SdCondition) condition = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), -1);
  g_return_val_if_fail (expression != NULL, -1);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_CUSTOMERS, error) ||
      !(condition = sd_condition_parse (expression, error)))
    return -1;
  return count_condition (session, condition, error);
}

gint64
sd_segments_count_condition (SdSession          *session,
                             const SdCondition  *condition,
                             GError            **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), -1);
  g_return_val_if_fail (condition != NULL, -1);

  return count_condition (session, condition, error);
}

SdCustomerQuery *
sd_segments_get_query (SdSession  *session,
                       gint64      id,
                       GError    **error)
{
  g_autoptr(SdCondition) condition = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  condition = load_condition (session, id, error);
  return condition ? query_for_condition (condition) : NULL;
}

GArray *
sd_segments_list_ids (SdSession     *session,
                      gint64         id,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(SdCustomerQuery) query = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  query = sd_segments_get_query (session, id, error);
  return query ? sd_customers_list_ids (session, query, cancellable, error) : NULL;
}

GArray *
sd_segments_tag (SdSession   *session,
                 gint64       id,
                 const char  *tag,
                 gboolean     add,
                 GError     **error)
{
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  /* Refused before the list is read, when the account may not tag at all. */
  if (!sd_session_require (session, SD_PERMISSION_EDIT_CUSTOMERS, error))
    return NULL;
  ids = sd_segments_list_ids (session, id, NULL, error);
  if (ids == NULL)
    return NULL;
  return sd_customers_tag_many (session, (const gint64 *) ids->data, ids->len, tag, add, error);
}

gboolean
sd_segments_export (SdSession      *session,
                    gint64          id,
                    SdExportFormat  format,
                    GOutputStream  *stream,
                    guint64        *out_count,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(SdCustomerQuery) query = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  query = sd_segments_get_query (session, id, error);
  return query != NULL &&
         sd_export_customers (session, query, format, stream, out_count, cancellable, error);
}

gboolean
sd_segments_export_to_path (SdSession       *session,
                            gint64           id,
                            SdExportFormat   format,
                            const char      *path,
                            guint64         *out_count,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_autoptr(SdCustomerQuery) query = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  query = sd_segments_get_query (session, id, error);
  return query != NULL &&
         sd_export_customers_to_path (session, query, format, path, out_count, cancellable, error);
}
