/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-case-format"

#include <glib/gi18n.h>

#include "sd-case-format.h"
#include "sd-format.h"

/* A span of SECONDS (> 0) the way a busy agent reads it: minutes below an hour, hours
 * below two days, days beyond. Rounded up, so that "in 0 min" never shows. */
static char *
span (gint64 seconds)
{
  if (seconds < 3600)
    {
      gint64 minutes = MAX (1, (seconds + 59) / 60);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min", "%d min", (gulong) minutes), (int) minutes);
    }
  if (seconds < 48 * 3600)
    {
      gint64 hours = seconds / 3600;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d h", "%d h", (gulong) hours), (int) hours);
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d d", "%d d", (gulong) (seconds / 86400)),
                          (int) (seconds / 86400));
}

char *
sd_case_format_due (gint64   deadline_at,
                    gint64   now,
                    gboolean overdue)
{
  g_autofree char *text = NULL;

  if (deadline_at == 0)
    return g_strdup ("—");
  if (overdue)
    {
      text = span (MAX (1, now - deadline_at));
      /* TRANSLATORS: %s is a span such as "5 h" or "2 d" */
      return g_strdup_printf (_("Overdue by %s"), text);
    }
  if (deadline_at > now)
    {
      text = span (deadline_at - now);
      /* TRANSLATORS: %s is a span such as "5 h" or "2 d" */
      return g_strdup_printf (_("in %s"), text);
    }
  text = sd_format_datetime (deadline_at);
  /* TRANSLATORS: %s is a local date and time */
  return g_strdup_printf (_("due %s"), text);
}

char *
sd_case_format_case_due (const SdCase *c,
                         gint64        now)
{
  g_autofree char *late = NULL;

  g_return_val_if_fail (c != NULL, NULL);

  if (c->state != SD_CASE_RESOLVED && c->state != SD_CASE_CLOSED)
    return sd_case_format_due (c->deadline_at, now, c->overdue);
  if (c->resolved_at == 0)
    return g_strdup (_("Closed unresolved"));
  if (c->resolved_at <= c->deadline_at)
    return g_strdup (_("Resolved in time"));
  late = span (c->resolved_at - c->deadline_at);
  /* TRANSLATORS: %s is a span such as "5 h" or "2 d" */
  return g_strdup_printf (_("Resolved %s late"), late);
}

static const char *
state_label (const char *value)
{
  SdCaseState state;

  if (sd_case_state_from_string (value, &state))
    return sd_case_state_describe (state);
  return *value ? value : "—";
}

static const char *
or_nobody (const char *value)
{
  return value != NULL && *value ? value : _("nobody");
}

char *
sd_case_format_event (const SdCaseEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);

  switch (event->kind)
    {
    case SD_CASE_EVENT_OPENED:
      return g_strdup (_("Opened the case"));
    case SD_CASE_EVENT_STATE:
      return g_strdup_printf ("%s → %s", state_label (event->from_value), state_label (event->to_value));
    case SD_CASE_EVENT_NOTE:
      return g_strdup (_("Added a note"));
    case SD_CASE_EVENT_ASSIGNED:
      return g_strdup_printf (_("Handed over: %s → %s"), or_nobody (event->from_value), or_nobody (event->to_value));
    case SD_CASE_EVENT_DEADLINE:
      {
        gint64 from = g_ascii_strtoll (event->from_value, NULL, 10);
        gint64 to = g_ascii_strtoll (event->to_value, NULL, 10);
        g_autofree char *from_text = sd_format_datetime (from);
        g_autofree char *to_text = sd_format_datetime (to);
        return g_strdup_printf (_("Deadline: %s → %s"), from_text, to_text);
      }
    case SD_CASE_EVENT_EDITED:
      return g_strdup_printf (_("Title: “%s” → “%s”"), event->from_value, event->to_value);
    case SD_CASE_EVENT_KIND_N:
    default:
      return g_strdup (sd_case_event_kind_to_string (event->kind));
    }
}
