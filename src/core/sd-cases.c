/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-cases"

#include <string.h>

#include "sd-i18n.h"

#include "sd-audit.h"
#include "sd-case-store-private.h"
#include "sd-cases.h"
#include "sd-error.h"

/* ---- Permissions ---- */

/* 0 when the session reads every case; its own staff id when it reads only the cases it
 * handles or whose conversation it handled; -1 with the refusal when it reads none. */
static gint64
reader_of (SdSession  *session,
           GError    **error)
{
  if (sd_session_can (session, SD_PERMISSION_HANDLE_CASES) ||
      sd_session_can (session, SD_PERMISSION_REPORTS_ALL))
    return 0;
  if (sd_session_can (session, SD_PERMISSION_CONVERSATIONS_OWN))
    return sd_session_get_staff_id (session);
  sd_session_require (session, SD_PERMISSION_HANDLE_CASES, error);
  return -1;
}

/* A manager's change: staff.manage or conversations.all (the refusal names the latter). */
static gboolean
require_manager (SdSession  *session,
                 GError    **error)
{
  return sd_session_can (session, SD_PERMISSION_MANAGE_STAFF) ||
         sd_session_require (session, SD_PERMISSION_CONVERSATIONS_ALL, error);
}

/* ---- Checks ---- */

/* TEXT as a case's title (IS_TITLE: required, SD_CASE_TITLE_MAX_CHARS) or a note
 * (optional, SD_CASE_NOTE_MAX_CHARS). Whole sentences each, for the translators. */
static gboolean
check_text (const char  *text,
            gboolean     is_title,
            GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  glong max_chars = is_title ? SD_CASE_TITLE_MAX_CHARS : SD_CASE_NOTE_MAX_CHARS;

  if (!g_utf8_validate (stripped, -1, NULL))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           is_title ? _("The case’s title is not valid UTF-8 text.")
                                    : _("The case’s note is not valid UTF-8 text."));
      return FALSE;
    }
  if (is_title && *stripped == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("The case needs a title: say in a few words what the buyer needs."));
      return FALSE;
    }
  if (g_utf8_strlen (stripped, -1) > max_chars)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   is_title ? _("The case’s title is longer than %ld characters: shorten it.")
                            : _("The case’s note is longer than %ld characters: shorten it."),
                   max_chars);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_empty (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  return *stripped == '\0';
}

static gboolean
refuse_move (SdCaseState   from,
             SdCaseState   to,
             GError      **error)
{
  if (from == SD_CASE_CLOSED)
    g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                 _("The case is closed and cannot move to “%s”: closed is final; open a new case instead."),
                 sd_case_state_to_string (to));
  else
    g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                 _("A case cannot move from “%s” to “%s”. Resolved cases may be reopened (in_progress) "
                   "or closed; nothing goes back to new."),
                 sd_case_state_to_string (from), sd_case_state_to_string (to));
  return FALSE;
}

/* ---- Open ---- */

static gboolean
insert_case (SdSession        *session,
             SdCase           *c,
             const SdCaseOpen *open,
             GError          **error)
{
  SdDb *db = sd_session_get_db (session);
  g_autofree char *object_id = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *note = g_strstrip (g_strdup (open->note ? open->note : ""));
  int hours = 0;

  if (!_sd_case_store_check_links (db, open, error) ||
      !_sd_case_store_deadline_hours (db, c->type, &hours, error))
    return FALSE;
  c->deadline_at = c->created_at + (gint64) hours * 3600;
  c->id = _sd_case_store_insert (db, c, error);
  if (c->id == 0 ||
      !_sd_case_store_add_event (db, c->id, c->created_at, c->created_by, SD_CASE_EVENT_OPENED,
                                 "", sd_case_state_to_string (c->state), note, error))
    return FALSE;
  if (c->staff_id != 0)
    {
      g_autofree char *handler = _sd_case_store_staff_name (db, c->staff_id);
      if (!_sd_case_store_add_event (db, c->id, c->created_at, c->created_by, SD_CASE_EVENT_ASSIGNED,
                                     "", handler, "", error))
        return FALSE;
    }
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, c->id);
  detail = g_strdup_printf ("%s: %s", sd_case_type_to_string (c->type), c->title);
  return sd_audit_append (session, SD_AUDIT_CASE_OPEN, "case", object_id, detail, error);
}

gint64
sd_cases_open (SdSession         *session,
               const SdCaseOpen  *open,
               GError           **error)
{
  SdDb *db;
  g_autoptr(SdCase) c = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), 0);
  g_return_val_if_fail (open != NULL, 0);

  if (!sd_session_require (session, SD_PERMISSION_HANDLE_CASES, error))
    return 0;
  if ((guint) open->type >= SD_CASE_TYPE_N)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("Unknown case type %d."), (int) open->type);
      return 0;
    }
  if (open->customer_id <= 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("A case needs the customer it is for: give the customer’s id."));
      return 0;
    }
  if (!check_text (open->title, TRUE, error) ||
      !check_text (open->note, FALSE, error))
    return 0;

  db = sd_session_get_db (session);
  c = sd_case_new ();
  c->type = open->type;
  c->state = SD_CASE_NEW;
  c->customer_id = open->customer_id;
  c->order_id = open->order_id;
  c->conversation_id = open->conversation_id;
  g_free (c->title);
  c->title = g_strstrip (g_strdup (open->title));
  c->staff_id = open->staff_id;
  c->created_by = sd_session_get_staff_id (session);
  c->created_at = sd_db_now (db);

  if (!sd_db_begin (db, error))
    return 0;
  if (!insert_case (session, c, open, error) || !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return 0;
    }
  return c->id;
}

/* ---- Read ---- */

SdCase *
sd_cases_get (SdSession  *session,
              gint64      id,
              GError    **error)
{
  SdDb *db;
  gint64 reader;
  g_autoptr(SdCase) c = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if ((reader = reader_of (session, error)) < 0)
    return NULL;
  db = sd_session_get_db (session);
  c = _sd_case_store_load (db, id, sd_db_now (db), reader, error);
  if (c == NULL)
    return NULL;
  c->events = _sd_case_store_events (db, id, error);
  if (c->events == NULL)
    return NULL;
  return g_steal_pointer (&c);
}

void
sd_case_filter_init (SdCaseFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->any_type = TRUE;
}

void
sd_case_filter_set_after (SdCaseFilter *filter,
                          const SdCase *last)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (last != NULL);

  filter->has_after = TRUE;
  filter->after_overdue = last->overdue;
  filter->after_deadline_at = last->deadline_at;
  filter->after_id = last->id;
}

GPtrArray *
sd_cases_list (SdSession     *session,
               SdCaseFilter  *filter,
               GError       **error)
{
  gint64 reader;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if ((reader = reader_of (session, error)) < 0)
    return NULL;
  if (!filter->any_type && (guint) filter->type >= SD_CASE_TYPE_N)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("Unknown case type %d."), (int) filter->type);
      return NULL;
    }
  if (filter->limit == 0 || filter->limit > SD_CASE_LIST_MAX)
    filter->limit = SD_CASE_LIST_MAX;
  if (filter->now == 0)
    filter->now = sd_db_now (sd_session_get_db (session));
  return _sd_case_store_list (sd_session_get_db (session), filter, reader, error);
}

/* ---- Change ---- */

/* The events of one change, written as it is made. */
typedef struct
{
  SdDb    *db;
  SdCase  *c;
  gint64   by;
  gint64   now;
  gboolean changed;        /* an event was written */
} Change;

static gboolean
record (Change           *change,
        SdCaseEventKind   kind,
        const char       *from_value,
        const char       *to_value,
        const char       *text,
        GError          **error)
{
  change->changed = TRUE;
  return _sd_case_store_add_event (change->db, change->c->id, change->now, change->by, kind,
                                   from_value, to_value, text, error);
}

static gboolean
change_title (Change      *change,
              const char  *title,
              GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (title));

  if (g_str_equal (stripped, change->c->title))
    return TRUE;
  if (!record (change, SD_CASE_EVENT_EDITED, change->c->title, stripped, "", error))
    return FALSE;
  g_free (change->c->title);
  change->c->title = g_steal_pointer (&stripped);
  return TRUE;
}

static gboolean
change_staff (Change   *change,
              gint64    staff_id,
              GError  **error)
{
  g_autofree char *to = NULL;

  if (staff_id == change->c->staff_id)
    return TRUE;
  if (staff_id != 0 && !_sd_case_store_check_handler (change->db, staff_id, error))
    return FALSE;
  to = _sd_case_store_staff_name (change->db, staff_id);
  if (!record (change, SD_CASE_EVENT_ASSIGNED, change->c->staff_name, to, "", error))
    return FALSE;
  change->c->staff_id = staff_id;
  g_free (change->c->staff_name);
  change->c->staff_name = g_steal_pointer (&to);
  return TRUE;
}

static gboolean
change_state (Change       *change,
              SdCaseState   state,
              GError      **error)
{
  SdCase *c = change->c;
  SdCaseState from = c->state;

  if (!sd_case_state_can_move (from, state))
    return refuse_move (from, state, error);
  if (!record (change, SD_CASE_EVENT_STATE, sd_case_state_to_string (from), sd_case_state_to_string (state),
               "", error))
    return FALSE;
  c->state = state;
  /* The KPIs count a case resolved from resolved_at: a reopened case is not resolved
   * (cleared), a closed one stays resolved when it was (kept). */
  if (state == SD_CASE_RESOLVED)
    c->resolved_at = change->now;
  else if (state != SD_CASE_CLOSED)
    c->resolved_at = 0;
  if (state == SD_CASE_CLOSED)
    c->closed_at = change->now;
  return TRUE;
}

static gboolean
apply_update (SdSession          *session,
              Change             *change,
              const SdCaseUpdate *update,
              GError            **error)
{
  SdCaseState was = change->c->state;
  g_autofree char *object_id = NULL;

  if (update->title != NULL && !change_title (change, update->title, error))
    return FALSE;
  if (update->set_staff && !change_staff (change, update->staff_id, error))
    return FALSE;
  if (update->set_state && !change_state (change, update->state, error))
    return FALSE;
  if (!is_empty (update->note))
    {
      g_autofree char *note = g_strstrip (g_strdup (update->note));
      if (!record (change, SD_CASE_EVENT_NOTE, "", "", note, error))
        return FALSE;
    }
  if (!change->changed)
    return TRUE;
  change->c->updated_at = change->now;
  if (!_sd_case_store_save (change->db, change->c, error))
    return FALSE;
  if (was == SD_CASE_CLOSED || change->c->state != SD_CASE_CLOSED)
    return TRUE;
  object_id = g_strdup_printf ("%" G_GINT64_FORMAT, change->c->id);
  return sd_audit_append (session, SD_AUDIT_CASE_CLOSE, "case", object_id, change->c->title, error);
}

/* That C is still in the state and with the handler UPDATE says its asker saw; else
 * SD_ERROR_CONFLICT saying what it is now and, for the state, who moved it (the last state
 * change in its history). */
static gboolean
check_seen (SdDb                *db,
            const SdCase        *c,
            const SdCaseUpdate  *update,
            GError             **error)
{
  g_autoptr(GPtrArray) events = NULL;
  const SdCaseEvent *moved = NULL;

  if (update->check_seen_staff && c->staff_id != update->seen_staff_id)
    {
      if (c->staff_id != 0)
        g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                     _("Case #%lld was changed by someone else meanwhile: it is now handled by %s. "
                       "Look at it again before changing it."),
                     (long long) c->id, c->staff_name);
      else
        g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                     _("Case #%lld was changed by someone else meanwhile: nobody handles it now. "
                       "Look at it again before changing it."),
                     (long long) c->id);
      return FALSE;
    }
  if (!update->check_seen_state || c->state == update->seen_state)
    return TRUE;
  events = _sd_case_store_events (db, c->id, NULL);
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      const SdCaseEvent *event = g_ptr_array_index (events, i);
      if (event->kind == SD_CASE_EVENT_STATE)
        moved = event;
    }
  if (moved != NULL && moved->staff_name != NULL && *moved->staff_name != '\0')
    g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                 _("Case #%lld was changed by someone else meanwhile: it was “%s” when you looked, "
                   "and %s has moved it to “%s”. Look at it again before changing it."),
                 (long long) c->id, sd_case_state_to_string (update->seen_state), moved->staff_name,
                 sd_case_state_to_string (c->state));
  else
    g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                 _("Case #%lld was changed by someone else meanwhile: it is now “%s”, not “%s”. "
                   "Look at it again before changing it."),
                 (long long) c->id, sd_case_state_to_string (c->state),
                 sd_case_state_to_string (update->seen_state));
  return FALSE;
}

gboolean
sd_cases_update (SdSession           *session,
                 gint64               id,
                 const SdCaseUpdate  *update,
                 GError             **error)
{
  SdDb *db;
  g_autoptr(SdCase) c = NULL;
  Change change;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (update != NULL, FALSE);

  if (!sd_session_require (session, SD_PERMISSION_HANDLE_CASES, error))
    return FALSE;
  if ((update->title != NULL && !check_text (update->title, TRUE, error)) ||
      !check_text (update->note, FALSE, error))
    return FALSE;
  if (update->set_state && (guint) update->state >= SD_CASE_STATE_N)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("Unknown case state %d."), (int) update->state);
      return FALSE;
    }

  db = sd_session_get_db (session);
  if (!sd_db_begin (db, error))
    return FALSE;
  change = (Change) { db, NULL, sd_session_get_staff_id (session), sd_db_now (db), FALSE };
  /* Locked before it is read: another desktop's change of the same case waits for this one
   * and then reads what it left, so neither writes back a case it read before the other. */
  if (_sd_case_store_lock (db, id, error))
    c = _sd_case_store_load (db, id, change.now, 0, error);
  change.c = c;
  if (c == NULL || !check_seen (db, c, update, error) ||
      !apply_update (session, &change, update, error) || !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_cases_add_note (SdSession   *session,
                   gint64       id,
                   const char  *note,
                   GError     **error)
{
  SdCaseUpdate update = { .note = note };

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (is_empty (note))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("The note is empty: write what happened."));
      return FALSE;
    }
  return sd_cases_update (session, id, &update, error);
}

gboolean
sd_cases_close (SdSession   *session,
                gint64       id,
                const char  *note,
                GError     **error)
{
  SdCaseUpdate update = { .set_state = TRUE, .state = SD_CASE_CLOSED, .note = note };

  return sd_cases_update (session, id, &update, error);
}

/* ---- Deadlines ---- */

gboolean
sd_cases_get_deadline_hours (SdSession  *session,
                             int         out_hours[SD_CASE_TYPE_N],
                             GError    **error)
{
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (reader_of (session, error) < 0)
    return FALSE;
  db = sd_session_get_db (session);
  for (int t = 0; t < SD_CASE_TYPE_N; t++)
    if (!_sd_case_store_deadline_hours (db, (SdCaseType) t, &out_hours[t], error))
      return FALSE;
  return TRUE;
}

gboolean
sd_cases_set_deadline_hours (SdSession  *session,
                             SdCaseType  type,
                             int         hours,
                             GError    **error)
{
  SdDb *db;
  int before = 0;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (!require_manager (session, error))
    return FALSE;
  if ((guint) type >= SD_CASE_TYPE_N)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT, _("Unknown case type %d."), (int) type);
      return FALSE;
    }
  if (hours < 1 || hours > 8760)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                   _("A deadline of %d hours is out of range: give 1 to 8,760 hours (a year)."), hours);
      return FALSE;
    }

  db = sd_session_get_db (session);
  if (!sd_db_begin (db, error))
    return FALSE;
  if (!_sd_case_store_deadline_hours (db, type, &before, error) ||
      !_sd_case_store_set_deadline_hours (db, type, hours, error) ||
      !(detail = g_strdup_printf ("%s: %d h → %d h", sd_case_type_to_string (type), before, hours)) ||
      !sd_audit_append (session, SD_AUDIT_CASE_DEADLINE, "case_type", sd_case_type_to_string (type), detail,
                        error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gint64
sd_cases_find_handler (SdSession  *session,
                       const char *name,
                       GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), 0);
  g_return_val_if_fail (name != NULL, 0);

  if (!sd_session_require (session, SD_PERMISSION_HANDLE_CASES, error))
    return 0;
  return _sd_case_store_find_staff (sd_session_get_db (session), name, error);
}
