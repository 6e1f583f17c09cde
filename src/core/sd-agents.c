/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-agents"

#include "sd-i18n.h"

#include "sd-agent-store-private.h"
#include "sd-agents-private.h"
#include "sd-agents.h"
#include "sd-audit.h"
#include "sd-error.h"

static const char * const status_strings[SD_AGENT_STATUS_N] = { "offline", "online", "paused" };

const char *
sd_agent_status_to_string (SdAgentStatus status)
{
  return (guint) status < SD_AGENT_STATUS_N ? status_strings[status] : NULL;
}

gboolean
sd_agent_status_from_string (const char    *text,
                             SdAgentStatus *out_status)
{
  int i = _sd_agents_string_index (status_strings, SD_AGENT_STATUS_N, text);

  if (i < 0)
    return FALSE;
  *out_status = (SdAgentStatus) i;
  return TRUE;
}

int
_sd_agents_string_index (const char * const *strings,
                         int                 n,
                         const char         *text)
{
  for (int i = 0; i < n; i++)
    if (g_strcmp0 (text, strings[i]) == 0)
      return i;
  return -1;
}

const char *
sd_agent_status_get_label (SdAgentStatus status)
{
  switch (status)
    {
    case SD_AGENT_ONLINE:
      return _("Online");
    case SD_AGENT_PAUSED:
      return _("Paused");
    case SD_AGENT_OFFLINE:
    case SD_AGENT_STATUS_N:
    default:
      return _("Offline");
    }
}

void
sd_agent_free (SdAgent *agent)
{
  if (agent == NULL)
    return;
  g_free (agent->login);
  g_free (agent->display_name);
  g_free (agent);
}

gboolean
_sd_agents_require_manager (SdSession *session,
                            GError   **error)
{
  if (sd_session_can (session, SD_PERMISSION_MANAGE_STAFF))
    return TRUE;
  return sd_session_require (session, SD_PERMISSION_CONVERSATIONS_ALL, error);
}

/* Account STAFF_ID as an agent (whether its role lets it chat or not); NULL with
 * SD_ERROR_NOT_FOUND when there is no such account. */
static SdAgent *
load_agent (SdDb    *db,
            gint64   staff_id,
            GError **error)
{
  g_autoptr(GPtrArray) rows = _sd_agent_store_list (db, staff_id, 0, error);

  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   _("There is no staff account with id %lld: see agents list."), (long long) staff_id);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

/* Runs WRITE's change and its audit entry in one transaction. */
static gboolean
write_audited (SdSession  *session,
               gboolean  (*write) (SdDb *db, const SdAgent *agent, gconstpointer data, GError **error),
               const SdAgent *agent,
               gconstpointer  data,
               const char *action,
               const char *detail,
               GError    **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autofree char *object_id = g_strdup_printf ("%lld", (long long) agent->staff_id);

  if (!sd_db_begin (db, error))
    return FALSE;
  if (!write (db, agent, data, error) ||
      !sd_audit_append (session, action, "staff", object_id, detail, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_offline (SdDb          *db,
               const SdAgent *agent,
               gconstpointer  data,
               GError       **error)
{
  return _sd_agent_store_set_status (db, agent->staff_id, SD_AGENT_OFFLINE, sd_db_now (db), error);
}

gboolean
sd_agents_set_status (SdSession     *session,
                      gint64         staff_id,
                      SdAgentStatus  status,
                      GError       **error)
{
  g_autoptr(SdAgent) agent = NULL;
  g_autofree char *detail = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail ((guint) status < SD_AGENT_STATUS_N, FALSE);

  if (!sd_session_require (session, SD_PERMISSION_CONVERSATIONS_OWN, error))
    return FALSE;
  db = sd_session_get_db (session);
  /* One's own status: frequent and nobody else's business, so not audited. */
  if (staff_id == 0 || staff_id == sd_session_get_staff_id (session))
    return _sd_agent_store_set_status (db, sd_session_get_staff_id (session), status, sd_db_now (db), error);

  if (!_sd_agents_require_manager (session, error) ||
      !(agent = load_agent (db, staff_id, error)))
    return FALSE;
  if (status != SD_AGENT_OFFLINE)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("Only %s can put themselves online or pause; a manager can only take them offline."),
                   agent->login);
      return FALSE;
    }
  if (agent->status == SD_AGENT_OFFLINE)
    return TRUE;
  detail = g_strdup_printf ("%s: %s → offline", agent->login, sd_agent_status_to_string (agent->status));
  return write_audited (session, write_offline, agent, NULL, SD_AUDIT_AGENT_STATUS, detail, error);
}

typedef struct
{
  int max_concurrent;
  int weight;
} Settings;

static gboolean
write_settings (SdDb          *db,
                const SdAgent *agent,
                gconstpointer  data,
                GError       **error)
{
  const Settings *s = data;

  return _sd_agent_store_configure (db, agent->staff_id, s->max_concurrent, s->weight, error);
}

gboolean
sd_agents_configure (SdSession  *session,
                     gint64      staff_id,
                     int         max_concurrent,
                     int         weight,
                     GError    **error)
{
  g_autoptr(SdAgent) agent = NULL;
  g_autofree char *detail = NULL;
  Settings settings = { max_concurrent, weight };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!_sd_agents_require_manager (session, error))
    return FALSE;
  /* 0 keeps a value: callers use it, people never type it, so the messages say 1. */
  if (max_concurrent < 0 || max_concurrent > SD_AGENT_MAX_LIMIT)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("An agent’s limit is 1 to %d conversations at once, not %d."), SD_AGENT_MAX_LIMIT,
                   max_concurrent);
      return FALSE;
    }
  if (weight < 0 || weight > SD_AGENT_MAX_WEIGHT)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("An agent’s routing weight is 1 to %d, not %d."), SD_AGENT_MAX_WEIGHT, weight);
      return FALSE;
    }
  if (!(agent = load_agent (sd_session_get_db (session), staff_id, error)))
    return FALSE;
  detail = g_strdup_printf ("%s: limit %d → %d, weight %d → %d", agent->login, agent->max_concurrent,
                            max_concurrent ? max_concurrent : agent->max_concurrent, agent->weight,
                            weight ? weight : agent->weight);
  return write_audited (session, write_settings, agent, &settings, SD_AUDIT_AGENT_SETTINGS, detail, error);
}

GPtrArray *
sd_agents_list (SdSession  *session,
                gint64      department_id,
                GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_CONVERSATIONS_OWN, error))
    return NULL;
  return _sd_agent_store_list (sd_session_get_db (session), 0, department_id, error);
}

SdAgent *
sd_agents_get (SdSession  *session,
               gint64      staff_id,
               GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_CONVERSATIONS_OWN, error))
    return NULL;
  return load_agent (sd_session_get_db (session), staff_id ? staff_id : sd_session_get_staff_id (session), error);
}
