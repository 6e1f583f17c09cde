/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-case"

#include "sd-i18n.h"

#include "sd-case.h"
#include "sd-error.h"

/* The ids of migration 8's cases.type, cases.state and case_events.kind. */
static const char * const type_strings[SD_CASE_TYPE_N] = {
  "return_exchange", "refund", "chase_shipment", "track_shipment",
  "signed_not_received", "lost_damaged", "complaint", "other",
};

static const char * const state_strings[SD_CASE_STATE_N] = {
  "new", "in_progress", "waiting_buyer", "waiting_courier", "resolved", "closed",
};

static const char * const event_kind_strings[SD_CASE_EVENT_KIND_N] = {
  "opened", "state", "note", "assigned", "deadline", "edited",
};

static gboolean
lookup (const char * const *strings,
        int                 n,
        const char         *text,
        int                *out_index)
{
  for (int i = 0; i < n; i++)
    if (g_strcmp0 (strings[i], text) == 0)
      {
        *out_index = i;
        return TRUE;
      }
  return FALSE;
}

/* "a, b, c": the ids a typed value may take, for an error message. */
static char *
join_ids (const char * const *strings,
          int                 n)
{
  GString *out = g_string_new (NULL);

  for (int i = 0; i < n; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", strings[i]);
  return g_string_free (out, FALSE);
}

const char *
sd_case_type_to_string (SdCaseType type)
{
  return (guint) type < SD_CASE_TYPE_N ? type_strings[type] : NULL;
}

gboolean
sd_case_type_from_string (const char *text,
                          SdCaseType *out_type)
{
  int i;

  if (!lookup (type_strings, SD_CASE_TYPE_N, text, &i))
    return FALSE;
  *out_type = (SdCaseType) i;
  return TRUE;
}

const char *
sd_case_type_describe (SdCaseType type)
{
  switch (type)
    {
    case SD_CASE_RETURN_EXCHANGE:
      return _("Return or exchange");
    case SD_CASE_REFUND:
      return _("Refund");
    case SD_CASE_CHASE_SHIPMENT:
      return _("Chase shipment");
    case SD_CASE_TRACK_SHIPMENT:
      return _("Track shipment");
    case SD_CASE_SIGNED_NOT_RECEIVED:
      return _("Signed for but not received");
    case SD_CASE_LOST_DAMAGED:
      return _("Lost or damaged");
    case SD_CASE_COMPLAINT:
      return _("Complaint");
    case SD_CASE_OTHER:
    case SD_CASE_TYPE_N:
    default:
      return _("Other");
    }
}

gboolean
sd_case_type_parse (const char *text,
                    SdCaseType *out_type,
                    GError    **error)
{
  g_autofree char *valid = NULL;

  if (text != NULL && sd_case_type_from_string (text, out_type))
    return TRUE;
  valid = join_ids (type_strings, SD_CASE_TYPE_N);
  g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
               _("Unknown case type “%s”: use one of %s."), text ? text : "", valid);
  return FALSE;
}

const char *
sd_case_state_to_string (SdCaseState state)
{
  return (guint) state < SD_CASE_STATE_N ? state_strings[state] : NULL;
}

gboolean
sd_case_state_from_string (const char  *text,
                           SdCaseState *out_state)
{
  int i;

  if (!lookup (state_strings, SD_CASE_STATE_N, text, &i))
    return FALSE;
  *out_state = (SdCaseState) i;
  return TRUE;
}

const char *
sd_case_state_describe (SdCaseState state)
{
  switch (state)
    {
    case SD_CASE_NEW:
      return _("New");
    case SD_CASE_IN_PROGRESS:
      return _("In progress");
    case SD_CASE_WAITING_BUYER:
      return _("Waiting for the buyer");
    case SD_CASE_WAITING_COURIER:
      return _("Waiting for the courier");
    case SD_CASE_RESOLVED:
      return _("Resolved");
    case SD_CASE_CLOSED:
    case SD_CASE_STATE_N:
    default:
      return _("Closed");
    }
}

gboolean
sd_case_state_parse (const char  *text,
                     SdCaseState *out_state,
                     GError     **error)
{
  g_autofree char *valid = NULL;

  if (text != NULL && sd_case_state_from_string (text, out_state))
    return TRUE;
  valid = join_ids (state_strings, SD_CASE_STATE_N);
  g_set_error (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
               _("Unknown case state “%s”: use one of %s."), text ? text : "", valid);
  return FALSE;
}

gboolean
sd_case_state_can_move (SdCaseState from,
                        SdCaseState to)
{
  if (from >= SD_CASE_STATE_N || to >= SD_CASE_STATE_N || from == to)
    return FALSE;
  switch (from)
    {
    case SD_CASE_NEW:
    case SD_CASE_IN_PROGRESS:
    case SD_CASE_WAITING_BUYER:
    case SD_CASE_WAITING_COURIER:
      return to != SD_CASE_NEW;
    case SD_CASE_RESOLVED:
      return to == SD_CASE_IN_PROGRESS || to == SD_CASE_CLOSED;
    case SD_CASE_CLOSED:
    case SD_CASE_STATE_N:
    default:
      return FALSE;
    }
}

const char *
sd_case_event_kind_to_string (SdCaseEventKind kind)
{
  return (guint) kind < SD_CASE_EVENT_KIND_N ? event_kind_strings[kind] : NULL;
}

gboolean
sd_case_event_kind_from_string (const char      *text,
                                SdCaseEventKind *out_kind)
{
  int i;

  if (!lookup (event_kind_strings, SD_CASE_EVENT_KIND_N, text, &i))
    return FALSE;
  *out_kind = (SdCaseEventKind) i;
  return TRUE;
}

void
sd_case_event_free (SdCaseEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->staff_name);
  g_free (event->from_value);
  g_free (event->to_value);
  g_free (event->text);
  g_free (event);
}

static SdCaseEvent *
event_copy (const SdCaseEvent *event)
{
  SdCaseEvent *copy = g_memdup2 (event, sizeof *event);

  copy->staff_name = g_strdup (event->staff_name);
  copy->from_value = g_strdup (event->from_value);
  copy->to_value = g_strdup (event->to_value);
  copy->text = g_strdup (event->text);
  return copy;
}

G_DEFINE_BOXED_TYPE (SdCase, sd_case, sd_case_copy, sd_case_free)

SdCase *
sd_case_new (void)
{
  SdCase *c = g_new0 (SdCase, 1);

  c->type = SD_CASE_OTHER;
  c->state = SD_CASE_NEW;
  c->customer_nick = g_strdup ("");
  c->customer_name = g_strdup ("");
  c->order_ref = g_strdup ("");
  c->title = g_strdup ("");
  c->staff_name = g_strdup ("");
  return c;
}

SdCase *
sd_case_copy (const SdCase *c)
{
  SdCase *copy;

  g_return_val_if_fail (c != NULL, NULL);

  copy = g_memdup2 (c, sizeof *c);
  copy->customer_nick = g_strdup (c->customer_nick);
  copy->customer_name = g_strdup (c->customer_name);
  copy->order_ref = g_strdup (c->order_ref);
  copy->title = g_strdup (c->title);
  copy->staff_name = g_strdup (c->staff_name);
  copy->events = NULL;
  if (c->events != NULL)
    {
      copy->events = g_ptr_array_new_full (c->events->len, (GDestroyNotify) sd_case_event_free);
      for (guint i = 0; i < c->events->len; i++)
        g_ptr_array_add (copy->events, event_copy (g_ptr_array_index (c->events, i)));
    }
  return copy;
}

void
sd_case_free (SdCase *c)
{
  if (c == NULL)
    return;
  g_free (c->customer_nick);
  g_free (c->customer_name);
  g_free (c->order_ref);
  g_free (c->title);
  g_free (c->staff_name);
  g_clear_pointer (&c->events, g_ptr_array_unref);
  g_free (c);
}
