/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-quick-replies"

#include <string.h>

#include "sd-i18n.h"

#include "sd-audit.h"
#include "sd-error.h"
#include "sd-order.h"
#include "sd-quick-replies.h"
#include "sd-quick-reply-store-private.h"
#include "sd-shop.h"
#include "sd-sms-template.h"

#define COMPLETE_DEFAULT_LIMIT 20

static const char * const scope_strings[SD_QUICK_REPLY_SCOPE_N] = { "shop", "department", "personal" };

const char *
sd_quick_reply_scope_to_string (SdQuickReplyScope scope)
{
  return (guint) scope < SD_QUICK_REPLY_SCOPE_N ? scope_strings[scope] : NULL;
}

gboolean
sd_quick_reply_scope_from_string (const char        *text,
                                  SdQuickReplyScope *out_scope)
{
  for (int i = 0; i < SD_QUICK_REPLY_SCOPE_N; i++)
    if (g_strcmp0 (text, scope_strings[i]) == 0)
      {
        *out_scope = (SdQuickReplyScope) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sd_quick_reply_scope_describe (SdQuickReplyScope scope)
{
  switch (scope)
    {
    case SD_QUICK_REPLY_SHOP:
      return _("Shop-wide");
    case SD_QUICK_REPLY_DEPARTMENT:
      return _("Department");
    case SD_QUICK_REPLY_PERSONAL:
    case SD_QUICK_REPLY_SCOPE_N:
    default:
      return _("Personal");
    }
}

G_DEFINE_BOXED_TYPE (SdQuickReply, sd_quick_reply, sd_quick_reply_copy, sd_quick_reply_free)

SdQuickReply *
sd_quick_reply_new (void)
{
  SdQuickReply *reply = g_new0 (SdQuickReply, 1);

  reply->scope = SD_QUICK_REPLY_PERSONAL;
  reply->group = g_strdup ("");
  reply->shortcut = g_strdup ("");
  reply->text = g_strdup ("");
  return reply;
}

SdQuickReply *
sd_quick_reply_copy (const SdQuickReply *reply)
{
  SdQuickReply *copy;

  g_return_val_if_fail (reply != NULL, NULL);

  copy = g_memdup2 (reply, sizeof *reply);
  copy->group = g_strdup (reply->group);
  copy->shortcut = g_strdup (reply->shortcut);
  copy->text = g_strdup (reply->text);
  return copy;
}

void
sd_quick_reply_free (SdQuickReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->group);
  g_free (reply->shortcut);
  g_free (reply->text);
  g_free (reply);
}

/* ---- Permissions ---- */

static gboolean
require_reader (SdSession  *session,
                GError    **error)
{
  /* conversations.all implies conversations.own (sd_session_get_permissions). */
  return sd_session_require (session, SD_PERMISSION_CONVERSATIONS_OWN, error);
}

static gboolean
is_manager (SdSession *session)
{
  return sd_session_can (session, SD_PERMISSION_MANAGE_STAFF) ||
         sd_session_can (session, SD_PERMISSION_CONVERSATIONS_ALL);
}

/* Whether the session may add, change or remove REPLY: a shared one needs a manager (the
 * refusal, audited, names conversations.all), a personal one must be the session's own. */
static gboolean
require_writer (SdSession          *session,
                const SdQuickReply *reply,
                GError            **error)
{
  if (!require_reader (session, error))
    return FALSE;
  if (reply->scope != SD_QUICK_REPLY_PERSONAL)
    return is_manager (session) || sd_session_require (session, SD_PERMISSION_CONVERSATIONS_ALL, error);
  if (reply->staff_id != sd_session_get_staff_id (session))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PERMISSION_DENIED,
                   _("Quick reply #%lld is another agent’s personal reply: only they can change it."),
                   (long long) reply->id);
      return FALSE;
    }
  return TRUE;
}

/* ---- Checks ---- */

static gboolean
is_shortcut_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/* Trims REPLY's group, shortcut (and a leading "/") and text in place, then checks them. */
static gboolean
tidy_and_check (SdQuickReply  *reply,
                GError       **error)
{
  const char *p;

  g_strstrip (reply->group);
  g_strstrip (reply->text);
  g_strstrip (reply->shortcut);
  if (reply->shortcut[0] == '/')
    memmove (reply->shortcut, reply->shortcut + 1, strlen (reply->shortcut));
  if (!g_utf8_validate (reply->text, -1, NULL) || !g_utf8_validate (reply->group, -1, NULL) ||
      *reply->text == '\0' || g_utf8_strlen (reply->text, -1) > SD_QUICK_REPLY_TEXT_MAX_CHARS)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("A quick reply needs a text of 1 to %d characters."), SD_QUICK_REPLY_TEXT_MAX_CHARS);
      return FALSE;
    }
  if (g_utf8_strlen (reply->group, -1) > SD_QUICK_REPLY_GROUP_MAX_CHARS)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The group “%s” is longer than %d characters: shorten it."), reply->group,
                   SD_QUICK_REPLY_GROUP_MAX_CHARS);
      return FALSE;
    }
  for (p = reply->shortcut; *p != '\0' && is_shortcut_char (*p); p++)
    ;
  if (*p != '\0' || strlen (reply->shortcut) > SD_QUICK_REPLY_SHORTCUT_MAX_CHARS)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("The shortcut “%s” may hold only letters, digits, - and _, at most %d of them "
                     "(for example “hi” or “ship-time”)."),
                   reply->shortcut, SD_QUICK_REPLY_SHORTCUT_MAX_CHARS);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_shortcut_free (SdDb                *db,
                     const SdQuickReply  *reply,
                     GError             **error)
{
  gboolean taken = FALSE;

  if (*reply->shortcut == '\0')
    return TRUE;
  if (!_sd_quick_reply_store_shortcut_taken (db, reply, &taken, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                   _("The shortcut “%s” is already used by another %s quick reply: choose another one."),
                   reply->shortcut, sd_quick_reply_scope_to_string (reply->scope));
      return FALSE;
    }
  return TRUE;
}

/* ---- Changes ---- */

typedef enum
{
  CHANGE_ADD,
  CHANGE_UPDATE,
  CHANGE_REMOVE,
} ChangeKind;

static gboolean
write_change (SdDb          *db,
              ChangeKind     kind,
              SdQuickReply  *reply,
              GError       **error)
{
  switch (kind)
    {
    case CHANGE_ADD:
      reply->id = _sd_quick_reply_store_insert (db, reply, error);
      return reply->id != 0;
    case CHANGE_UPDATE:
      return _sd_quick_reply_store_update (db, reply, error);
    case CHANGE_REMOVE:
    default:
      return _sd_quick_reply_store_delete (db, reply->id, error);
    }
}

/* The change and, for a shared reply, its audit entry, in one transaction. */
static gboolean
change (SdSession     *session,
        ChangeKind     kind,
        SdQuickReply  *reply,
        GError       **error)
{
  static const char * const actions[] = {
    SD_AUDIT_QUICK_REPLY_ADD, SD_AUDIT_QUICK_REPLY_EDIT, SD_AUDIT_QUICK_REPLY_REMOVE,
  };
  SdDb *db = sd_session_get_db (session);
  g_autofree char *object_id = NULL;
  g_autofree char *detail = NULL;

  if (!sd_db_begin (db, error))
    return FALSE;
  if ((kind != CHANGE_REMOVE && !check_shortcut_free (db, reply, error)) || !write_change (db, kind, reply, error))
    goto fail;
  if (reply->scope != SD_QUICK_REPLY_PERSONAL)
    {
      object_id = g_strdup_printf ("%" G_GINT64_FORMAT, reply->id);
      detail = g_strdup_printf ("%s /%s: %s", sd_quick_reply_scope_to_string (reply->scope), reply->shortcut,
                                reply->text);
      if (!sd_audit_append (session, actions[kind], "quick_reply", object_id, detail, error))
        goto fail;
    }
  if (sd_db_commit (db, error))
    return TRUE;
fail:
  sd_db_rollback (db);
  return FALSE;
}

gint64
sd_quick_replies_add (SdSession          *session,
                      const SdQuickReply *reply,
                      GError            **error)
{
  g_autoptr(SdQuickReply) copy = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), 0);
  g_return_val_if_fail (reply != NULL, 0);

  db = sd_session_get_db (session);
  copy = sd_quick_reply_copy (reply);
  copy->id = 0;
  copy->uses = 0;
  copy->staff_id = 0;
  if (copy->scope == SD_QUICK_REPLY_PERSONAL)
    {
      copy->staff_id = sd_session_get_staff_id (session);
      copy->department_id = 0;
    }
  else if (copy->scope == SD_QUICK_REPLY_SHOP)
    copy->department_id = 0;
  if (!require_writer (session, copy, error) || !tidy_and_check (copy, error))
    return 0;
  if (copy->scope == SD_QUICK_REPLY_DEPARTMENT && copy->department_id == 0)
    {
      copy->department_id = _sd_quick_reply_store_staff_department (db, sd_session_get_staff_id (session));
      if (copy->department_id == 0)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                       _("Your account belongs to no department: name the department the reply is for."));
          return 0;
        }
    }
  else if (copy->scope == SD_QUICK_REPLY_DEPARTMENT)
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, copy->department_id);
      if (_sd_quick_reply_store_find_department (db, id_text, error) == 0)
        return 0;
    }
  copy->created_by = sd_session_get_staff_id (session);
  copy->created_at = copy->updated_at = sd_db_now (db);
  if (!change (session, CHANGE_ADD, copy, error))
    return 0;
  return copy->id;
}

/* The reply ID as the acting agent sees it. */
static SdQuickReply *
load_visible (SdSession  *session,
              gint64      id,
              GError    **error)
{
  SdDb *db = sd_session_get_db (session);
  gint64 staff_id = sd_session_get_staff_id (session);

  return _sd_quick_reply_store_load (db, id, staff_id, _sd_quick_reply_store_staff_department (db, staff_id),
                                     error);
}

gboolean
sd_quick_replies_update (SdSession          *session,
                         const SdQuickReply *reply,
                         GError            **error)
{
  g_autoptr(SdQuickReply) stored = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (reply != NULL, FALSE);

  if (!require_reader (session, error) || !(stored = load_visible (session, reply->id, error)) ||
      !require_writer (session, stored, error))
    return FALSE;
  g_free (stored->group);
  stored->group = g_strdup (reply->group ? reply->group : "");
  g_free (stored->shortcut);
  stored->shortcut = g_strdup (reply->shortcut ? reply->shortcut : "");
  g_free (stored->text);
  stored->text = g_strdup (reply->text ? reply->text : "");
  if (!tidy_and_check (stored, error))
    return FALSE;
  stored->updated_at = sd_db_now (sd_session_get_db (session));
  return change (session, CHANGE_UPDATE, stored, error);
}

gboolean
sd_quick_replies_remove (SdSession  *session,
                         gint64      id,
                         GError    **error)
{
  g_autoptr(SdQuickReply) stored = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!require_reader (session, error) || !(stored = load_visible (session, id, error)) ||
      !require_writer (session, stored, error))
    return FALSE;
  return change (session, CHANGE_REMOVE, stored, error);
}

SdQuickReply *
sd_quick_replies_get (SdSession  *session,
                      gint64      id,
                      GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!require_reader (session, error))
    return NULL;
  return load_visible (session, id, error);
}

GPtrArray *
sd_quick_replies_list (SdSession   *session,
                       const char  *search,
                       GError     **error)
{
  SdDb *db;
  gint64 staff_id;
  g_autofree char *needle = g_strstrip (g_strdup (search ? search : ""));

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!require_reader (session, error))
    return NULL;
  db = sd_session_get_db (session);
  staff_id = sd_session_get_staff_id (session);
  return _sd_quick_reply_store_list (db, staff_id, _sd_quick_reply_store_staff_department (db, staff_id), needle,
                                     error);
}

GPtrArray *
sd_quick_replies_complete (SdSession   *session,
                           const char  *prefix,
                           guint        limit,
                           GError     **error)
{
  SdDb *db;
  gint64 staff_id;
  const char *start = prefix ? prefix : "";

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!require_reader (session, error))
    return NULL;
  if (*start == '/')
    start++;
  db = sd_session_get_db (session);
  staff_id = sd_session_get_staff_id (session);
  return _sd_quick_reply_store_complete (db, staff_id, _sd_quick_reply_store_staff_department (db, staff_id),
                                         start, limit ? limit : COMPLETE_DEFAULT_LIMIT, error);
}

gboolean
sd_quick_replies_use (SdSession  *session,
                      gint64      id,
                      GError    **error)
{
  g_autoptr(SdQuickReply) stored = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!require_reader (session, error) || !(stored = load_visible (session, id, error)))
    return FALSE;
  return _sd_quick_reply_store_add_use (sd_session_get_db (session), id, error);
}

char *
sd_quick_replies_render (SdSession   *session,
                         const char  *text,
                         gint64       customer_id,
                         gint64       order_id,
                         GError     **error)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GHashTable) fallbacks = NULL;
  const char *status;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!require_reader (session, error))
    return NULL;
  values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!_sd_quick_reply_store_fill_values (sd_session_get_db (session), customer_id, order_id, values, error))
    return NULL;
  /* The status as a seller reads it ("Shipped"), not the platform's code. */
  status = g_hash_table_lookup (values, "order_status");
  if (status != NULL && *status != '\0')
    g_hash_table_replace (values, g_strdup ("order_status"), g_strdup (sd_order_status_describe (status)));
  g_hash_table_replace (values, g_strdup ("shop"), sd_shop_get_name (session));
  g_hash_table_replace (values, g_strdup ("agent"), g_strdup (sd_session_get_display_name (session)));
  /* Words for the buyer, in the shop's language, whatever the agent's desktop speaks. */
  fallbacks = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (fallbacks, "agent", "客服");
  return sd_sms_placeholders_fill (text, values, fallbacks);
}

gint64
sd_quick_replies_find_department (SdSession  *session,
                                  const char *name,
                                  GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), 0);
  g_return_val_if_fail (name != NULL, 0);

  if (!require_reader (session, error))
    return 0;
  return _sd_quick_reply_store_find_department (sd_session_get_db (session), name, error);
}
