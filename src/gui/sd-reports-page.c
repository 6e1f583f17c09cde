/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-reports-page"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sd-agents.h"
#include "sd-conversations.h"
#include "sd-error.h"
#include "sd-file-chooser.h"
#include "sd-format.h"
#include "sd-kpi-chart.h"
#include "sd-kpi-format.h"
#include "sd-message.h"
#include "sd-reports-page.h"
#include "sd-staff.h"
#include "sd-values.h"

#define DAY 86400
/* Rows a drill-down lists at most: more are counted, not shown. */
#define DRILL_MAX_ROWS 200

/* The range drop-down's choices, in its order. */
typedef enum
{
  RANGE_LAST_7_DAYS,
  RANGE_LAST_30_DAYS,
  RANGE_THIS_MONTH,
  RANGE_LAST_MONTH,
  RANGE_CUSTOM,
} Range;

/* A choice of the scope drop-down. */
typedef struct
{
  gint64 staff_id;
  gint64 department_id;
} Scope;

/* The report shown, shared with an export still writing it. */
typedef struct
{
  SdKpiReport *report;
} Shown;

static void
shown_clear (Shown *shown)
{
  g_clear_pointer (&shown->report, sd_kpi_report_free);
}

static Shown *
shown_new (SdKpiReport *report)
{
  Shown *shown = g_rc_box_new0 (Shown);

  shown->report = report;
  return shown;
}

static void
shown_unref (Shown *shown)
{
  g_rc_box_release_full (shown, (GDestroyNotify) shown_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shown, shown_unref)

struct _SdReportsPage
{
  AdwBin              parent_instance;

  SdSession          *session;
  Shown              *shown;
  SdKpiFigure         figure;            /* the one charted */
  GArray             *scopes;            /* Scope, as the scope drop-down lists them */
  GtkStringList      *scope_names;
  GCancellable       *compute_cancellable;
  GCancellable       *drill_cancellable;
  GCancellable       *export_cancellable;
  guint               generation;        /* of computations: older results are dropped */
  guint               drill_generation;
  gboolean            updating;          /* choices set by the page itself */
  gint64              custom_from;       /* the custom range, UTC seconds; 0: none valid yet */
  gint64              custom_to;
  GtkLabel           *values[SD_KPI_N];
  GtkFlowBoxChild    *cards[SD_KPI_N];
  GtkLevelBar        *rating_bars[6];
  GtkLabel           *rating_counts[6];

  GtkEntry           *from_entry;
  GtkEntry           *to_entry;
  GtkWidget          *custom_box;
  SdKpiChart         *chart;
  GtkLabel           *chart_title;
  GtkButton          *drill_button;
  GtkListBox         *drill_list;
  GtkWidget          *drill_section;
  GtkLabel           *drill_status;
  GtkLabel           *drill_title;
  AdwStatusPage      *denied_page;
  AdwStatusPage      *error_page;
  GtkFlowBox         *figures_box;
  GtkDropDown        *period_dropdown;
  GtkDropDown        *range_dropdown;
  GtkLabel           *range_message;
  GtkGrid            *ratings_grid;
  GtkDropDown        *scope_dropdown;
  GtkButton          *sidebar_button;
  GtkSpinner         *spinner;
  GtkStack           *stack;
  AdwWindowTitle     *title;
  AdwToastOverlay    *toast_overlay;
};

G_DEFINE_FINAL_TYPE (SdReportsPage, sd_reports_page, ADW_TYPE_BIN)

enum {
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- work on a worker thread, with its own connection ---- */

typedef struct
{
  SdSession   *session;       /* the page's: only sd_session_open_copy () reads it */
  SdKpiQuery   query;
  guint        generation;
  GArray      *ids;           /* a drill-down's conversations, gint64 */
  Shown       *shown;         /* an export's */
  GFile       *file;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->session);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->shown, shown_unref);
  g_clear_object (&job->file);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static Job *
job_new (SdReportsPage *self)
{
  Job *job = g_new0 (Job, 1);

  job->session = g_object_ref (self->session);
  return job;
}

/* The job's own connection; NULL, with TASK returning why, when there is none. */
static SdSession *
open_session (GTask *task,
              Job   *job)
{
  GError *error = NULL;
  SdSession *session = sd_session_open_copy (job->session, &error);

  if (session == NULL)
    g_task_return_error (task, error);
  return session;
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(SdSession) session = open_session (task, job);
  g_autoptr(GError) error = NULL;
  SdKpiReport *report;

  if (session == NULL)
    return;
  report = sd_kpi_compute (session, &job->query, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) sd_kpi_report_free);
}

/* A conversation behind a figure, as the drill-down lists it. */
typedef struct
{
  gint64  id;
  char   *buyer;
  char   *agent;
  gint64  opened_at;
  gint64  first_response;   /* seconds; -1: never answered */
  int     rating;
} DrillRow;

typedef struct
{
  GPtrArray *rows;          /* DrillRow * */
  guint      hidden;        /* behind the figure, not readable by the account */
  guint      more;          /* readable, past DRILL_MAX_ROWS */
} DrillResult;

static void
drill_row_free (DrillRow *row)
{
  g_free (row->buyer);
  g_free (row->agent);
  g_free (row);
}

static void
drill_result_free (DrillResult *result)
{
  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_free (result);
}

/* As sd-kpi.h defines it: the first agent reply after a buyer's message minus the buyer's
 * first message. */
static gint64
first_response (const SdConversation *c)
{
  for (guint i = 0; c->first_response_at != 0 && c->messages != NULL && i < c->messages->len; i++)
    {
      const SdChatMessage *m = g_ptr_array_index (c->messages, i);
      if (m->direction == SD_CHAT_IN)
        return c->first_response_at - m->at;
    }
  return -1;
}

/* The ids of the conversations of STAFF_ID the account may read (conversations.own sees
 * its own), read page by page without their messages. */
static GHashTable *
own_conversations (SdSession  *session,
                   GError    **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  SdConversationFilter filter = SD_CONVERSATION_FILTER_INIT;

  filter.staff_id = sd_session_get_staff_id (session);
  filter.limit = 500;
  for (;;)
    {
      g_autoptr(GPtrArray) page = sd_conversations_list (session, &filter, error);
      const SdConversation *last;

      if (page == NULL)
        return NULL;
      for (guint i = 0; i < page->len; i++)
        g_hash_table_add (ids, g_memdup2 (&((SdConversation *) g_ptr_array_index (page, i))->id, sizeof (gint64)));
      if (page->len < filter.limit)
        break;
      last = g_ptr_array_index (page, page->len - 1);
      filter.after_opened_at = last->opened_at;
      filter.after_id = last->id;
    }
  return g_steal_pointer (&ids);
}

/* Oldest first, as they happened. */
static int
compare_opened (gconstpointer a,
                gconstpointer b)
{
  const DrillRow *x = *(DrillRow * const *) a, *y = *(DrillRow * const *) b;

  if (x->opened_at != y->opened_at)
    return x->opened_at < y->opened_at ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static void
drill_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(SdSession) session = open_session (task, job);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) readable = NULL;
  DrillResult *result;
  gboolean all;

  if (session == NULL)
    return;
  result = g_new0 (DrillResult, 1);
  result->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) drill_row_free);
  all = sd_session_can (session, SD_PERMISSION_CONVERSATIONS_ALL);
  /* Asking for a conversation one may not read is refused and audited: know first. */
  if (!all && sd_session_can (session, SD_PERMISSION_CONVERSATIONS_OWN) &&
      !(readable = own_conversations (session, &error)))
    {
      drill_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < job->ids->len; i++)
    {
      gint64 id = g_array_index (job->ids, gint64, i);
      g_autoptr(SdConversation) c = NULL;
      DrillRow *row;

      if (g_task_return_error_if_cancelled (task))
        {
          drill_result_free (result);
          return;
        }
      if (!all && (readable == NULL || !g_hash_table_contains (readable, &id)))
        {
          result->hidden++;
          continue;
        }
      if (result->rows->len >= DRILL_MAX_ROWS)
        {
          result->more++;
          continue;
        }
      if (!(c = sd_conversations_get (session, id, &error)))
        {
          drill_result_free (result);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      row = g_new0 (DrillRow, 1);
      row->id = id;
      row->buyer = g_strdup (c->buyer_nick);
      row->agent = g_strdup (c->staff_name);
      row->opened_at = c->opened_at;
      row->first_response = first_response (c);
      row->rating = c->rating;
      g_ptr_array_add (result->rows, row);
    }
  g_ptr_array_sort (result->rows, compare_opened);
  g_task_return_pointer (task, result, (GDestroyNotify) drill_result_free);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;

  if (!sd_kpi_report_write_csv (job->shown->report, job->file, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ---- helpers ---- */

static gboolean
may_view (SdReportsPage *self)
{
  return self->session != NULL && sd_session_can (self->session, SD_PERMISSION_REPORTS_OWN);
}

static gboolean
may_view_all (SdReportsPage *self)
{
  return self->session != NULL && sd_session_can (self->session, SD_PERMISSION_REPORTS_ALL);
}

static const SdKpiReport *
report (SdReportsPage *self)
{
  return self->shown != NULL ? self->shown->report : NULL;
}

static gboolean
busy (SdReportsPage *self)
{
  return self->compute_cancellable != NULL || self->drill_cancellable != NULL || self->export_cancellable != NULL;
}

/* The one place that decides which of the page's actions may run. */
static void
update_actions (SdReportsPage *self)
{
  gboolean allowed = may_view (self);
  gboolean shown = report (self) != NULL && self->compute_cancellable == NULL;
  guint behind = shown ? report (self)->total->ids[self->figure]->len : 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.reload", allowed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export",
                                 allowed && shown && self->export_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.drill-down", allowed && shown && behind > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->scope_dropdown), may_view_all (self));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy (self));
  gtk_spinner_set_spinning (self->spinner, busy (self));
}

/* Midnight of shop day DAYS after (before, when negative) the one holding UTC. */
static gint64
shop_midnight (gint64 utc,
               int    days)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, sd_shop_time_zone ());
  g_autoptr(GDateTime) midnight = g_date_time_new (sd_shop_time_zone (), g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr(GDateTime) moved = g_date_time_add_days (midnight, days);

  return g_date_time_to_unix (moved);
}

/* The first of the shop's month MONTHS after (before) the one holding UTC. */
static gint64
shop_month_start (gint64 utc,
                  int    months)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, sd_shop_time_zone ());
  g_autoptr(GDateTime) first = g_date_time_new (sd_shop_time_zone (), g_date_time_get_year (local),
                                                g_date_time_get_month (local), 1, 0, 0, 0);
  g_autoptr(GDateTime) moved = g_date_time_add_months (first, months);

  return g_date_time_to_unix (moved);
}

/* The range chosen, [from, to) in UTC; FALSE for a custom range not valid yet. */
static gboolean
chosen_range (SdReportsPage *self,
              gint64        *from,
              gint64        *to)
{
  gint64 now = sd_db_now (sd_session_get_db (self->session));

  switch ((Range) gtk_drop_down_get_selected (self->range_dropdown))
    {
    case RANGE_LAST_7_DAYS:
      *from = shop_midnight (now, -6);
      *to = shop_midnight (now, 1);
      return TRUE;
    case RANGE_LAST_30_DAYS:
      *from = shop_midnight (now, -29);
      *to = shop_midnight (now, 1);
      return TRUE;
    case RANGE_THIS_MONTH:
      *from = shop_month_start (now, 0);
      *to = shop_midnight (now, 1);
      return TRUE;
    case RANGE_LAST_MONTH:
      *from = shop_month_start (now, -1);
      *to = shop_month_start (now, 0);
      return TRUE;
    case RANGE_CUSTOM:
    default:
      *from = self->custom_from;
      *to = self->custom_to;
      return self->custom_from != 0;
    }
}

/* TEXT as a shop day, "2026-03-02"; its midnight in UTC, or 0 (with MESSAGE set). */
static gint64
parse_day (const char  *text,
           const char  *which,
           char       **message)
{
  int year, month, day;
  char end;
  g_autoptr(GDateTime) midnight = NULL;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 ||
      !g_date_valid_dmy (day, month, year) ||
      !(midnight = g_date_time_new (sd_shop_time_zone (), year, month, day, 0, 0, 0)))
    {
      /* TRANSLATORS: %s is "first day" or "last day" */
      *message = g_strdup_printf (_("The %s is not a date: write it as 2026-03-02."), which);
      return 0;
    }
  return g_date_time_to_unix (midnight);
}

static void
set_field_error (GtkEntry *entry,
                 gboolean  error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

/* Reads the custom dates; whether they make a range. Errors show beside the entries. */
static gboolean
read_custom_range (SdReportsPage *self)
{
  g_autofree char *message = NULL;
  gint64 from = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), _("first day"), &message);
  gint64 last = from != 0 ? parse_day (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), _("last day"),
                                       &message) : 0;

  set_field_error (self->from_entry, from == 0);
  set_field_error (self->to_entry, from != 0 && last == 0);
  if (from != 0 && last != 0 && last < from)
    {
      message = g_strdup (_("The last day comes before the first: swap them."));
      set_field_error (self->to_entry, TRUE);
      last = 0;
    }
  if (message != NULL)
    {
      sd_message_set_label (self->range_message, message, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->range_message), TRUE);
      return FALSE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->range_message), FALSE);
  self->custom_from = from;
  self->custom_to = shop_midnight (last, 1);
  return TRUE;
}

static char *
scope_name (SdReportsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->scope_dropdown);

  if (!may_view_all (self))
    return g_strdup (_("Your figures"));
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->scopes->len)
    return g_strdup (_("Whole shop"));
  return g_strdup (gtk_string_list_get_string (self->scope_names, selected));
}

static void
update_subtitle (SdReportsPage *self)
{
  g_autofree char *scope = scope_name (self);
  g_autofree char *subtitle = NULL;
  const SdKpiReport *r = report (self);

  if (r != NULL)
    {
      g_autoptr(GDateTime) from_utc = g_date_time_new_from_unix_utc (r->query.from);
      g_autoptr(GDateTime) to_utc = g_date_time_new_from_unix_utc (r->query.to - 1);
      g_autoptr(GDateTime) from = g_date_time_to_timezone (from_utc, sd_shop_time_zone ());
      g_autoptr(GDateTime) to = g_date_time_to_timezone (to_utc, sd_shop_time_zone ());
      g_autofree char *first = g_date_time_format (from, "%Y-%m-%d");
      g_autofree char *last = g_date_time_format (to, "%Y-%m-%d");

      /* TRANSLATORS: the Reports page's subtitle: whose figures, first and last day */
      subtitle = g_strdup_printf (_("%s · %s to %s"), scope, first, last);
    }
  adw_window_title_set_subtitle (self->title, subtitle != NULL ? subtitle : scope);
}

/* The scope drop-down: the shop, its departments, its agents (reports.all only). */
static void
fill_scopes (SdReportsPage *self)
{
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  Scope shop = { 0, 0 };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->scope_names));

  g_array_set_size (self->scopes, 0);
  g_array_append_val (self->scopes, shop);
  g_ptr_array_add (names, g_strdup (_("Whole shop")));
  if (may_view_all (self))
    {
      departments = sd_kpi_list_departments (self->session, NULL);
      agents = sd_kpi_list_agents (self->session, NULL);
    }
  for (guint i = 0; departments != NULL && i < departments->len; i++)
    {
      const SdDepartment *department = g_ptr_array_index (departments, i);
      Scope scope = { 0, department->id };

      g_array_append_val (self->scopes, scope);
      /* TRANSLATORS: a department in the Reports page's scope list */
      g_ptr_array_add (names, g_strdup_printf (_("Department: %s"), department->name));
    }
  for (guint i = 0; agents != NULL && i < agents->len; i++)
    {
      const SdAgent *agent = g_ptr_array_index (agents, i);
      Scope scope = { agent->staff_id, 0 };
      const char *name = agent->display_name != NULL && *agent->display_name ? agent->display_name : agent->login;

      g_array_append_val (self->scopes, scope);
      /* TRANSLATORS: an agent in the Reports page's scope list */
      g_ptr_array_add (names, g_strdup_printf (_("Agent: %s"), name));
    }
  g_ptr_array_add (names, NULL);
  self->updating = TRUE;
  gtk_string_list_splice (self->scope_names, 0, n, (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->scope_dropdown, 0);
  self->updating = FALSE;
}

static void
update_chart (SdReportsPage *self)
{
  const SdKpiReport *r = report (self);
  guint behind = r != NULL ? r->total->ids[self->figure]->len : 0;
  g_autofree char *count = sd_format_count (behind);
  g_autofree char *button = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s Conversation…",
                                                          "%s Conversations…", behind), count);

  gtk_label_set_label (self->chart_title, sd_kpi_figure_get_label (self->figure));
  gtk_button_set_label (self->drill_button, button);
  sd_kpi_chart_set_report (self->chart, r, self->figure);
}

static void
update_figures (SdReportsPage *self)
{
  const SdKpiReport *r = report (self);
  gint64 most = 1;

  for (int f = 0; f < SD_KPI_N; f++)
    {
      g_autofree char *value = sd_kpi_format_value (f, r != NULL ? r->total->values[f] : NAN);
      gtk_label_set_label (self->values[f], value);
    }
  for (int level = 1; level <= 5; level++)
    most = MAX (most, r != NULL ? r->total->ratings[level] : 0);
  for (int level = 1; level <= 5; level++)
    {
      gint64 n = r != NULL ? r->total->ratings[level] : 0;
      g_autofree char *count = sd_format_count (n);

      gtk_level_bar_set_max_value (self->rating_bars[level], (double) most);
      gtk_level_bar_set_value (self->rating_bars[level], (double) n);
      gtk_label_set_label (self->rating_counts[level], count);
    }
  update_chart (self);
}

static void
clear_drill_down (SdReportsPage *self)
{
  GtkWidget *child;

  if (self->drill_cancellable != NULL)
    g_cancellable_cancel (self->drill_cancellable);
  g_clear_object (&self->drill_cancellable);
  self->drill_generation++;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->drill_list))) != NULL)
    gtk_list_box_remove (self->drill_list, child);
  gtk_widget_set_visible (self->drill_section, FALSE);
}

/* Runs THREAD with JOB on a worker, its cancellable in *SLOT, DONE called back. */
static void
run_job (SdReportsPage        *self,
         GCancellable        **slot,
         Job                  *job,
         gpointer              source_tag,
         GAsyncReadyCallback   done,
         GTaskThreadFunc       thread)
{
  g_autoptr(GTask) task = NULL;

  *slot = g_cancellable_new ();
  task = g_task_new (self, *slot, done, NULL);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, thread);
  update_actions (self);
}

/* ---- computing ---- */

static void
compute_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SdReportsPage *self = SD_REPORTS_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  SdKpiReport *computed = g_task_propagate_pointer (G_TASK (result), &error);

  /* A newer request is under way (or none is wanted): this one is out of date. */
  if (job->generation != self->generation)
    {
      g_clear_pointer (&computed, sd_kpi_report_free);
      return;
    }
  g_clear_object (&self->compute_cancellable);
  g_clear_pointer (&self->shown, shown_unref);
  if (computed == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      self->shown = shown_new (computed);
      gtk_stack_set_visible_child_name (self->stack, computed->total->conversations > 0 ? "report" : "empty");
    }
  update_figures (self);
  update_subtitle (self);
  update_actions (self);
  g_signal_emit (self, signals[LOADED], 0);
}

static void
start_compute (SdReportsPage *self)
{
  Job *job;
  guint scope = gtk_drop_down_get_selected (self->scope_dropdown);

  if (self->compute_cancellable != NULL)
    g_cancellable_cancel (self->compute_cancellable);
  g_clear_object (&self->compute_cancellable);
  self->generation++;
  clear_drill_down (self);
  if (!may_view (self))
    return;

  job = job_new (self);
  job->generation = self->generation;
  job->query.bucket = SD_KPI_BY_DAY + gtk_drop_down_get_selected (self->period_dropdown);
  if (!chosen_range (self, &job->query.from, &job->query.to))
    {
      job_free (job);
      update_actions (self);
      return;
    }
  if (may_view_all (self) && scope != GTK_INVALID_LIST_POSITION && scope < self->scopes->len)
    {
      job->query.staff_id = g_array_index (self->scopes, Scope, scope).staff_id;
      job->query.department_id = g_array_index (self->scopes, Scope, scope).department_id;
    }
  if (report (self) == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  run_job (self, &self->compute_cancellable, job, start_compute, compute_done_cb, compute_thread);
}

/* ---- drill-down ---- */

/* The action that opens a conversation on the Conversations page: the window's, or the
 * application's that page installs once it is in a window; NULL when there is none. */
static const char *
show_conversation_action (SdReportsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  const GVariantType *parameter_type;
  const char *name, *property;
  GType owner;

  if (root == NULL)
    return NULL;
  if (G_IS_ACTION_GROUP (root) && g_action_group_has_action (G_ACTION_GROUP (root), "show-conversation"))
    return "win.show-conversation";
  for (guint i = 0; gtk_widget_class_query_action (GTK_WIDGET_GET_CLASS (root), i, &owner, &name, &parameter_type,
                                                   &property); i++)
    if (g_strcmp0 (name, "win.show-conversation") == 0)
      return "win.show-conversation";
  if (app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "show-conversation"))
    return "app.show-conversation";
  return NULL;
}

static GtkWidget *
drill_row_new (SdReportsPage  *self,
               const DrillRow *row,
               gboolean        openable)
{
  GtkWidget *widget = adw_action_row_new ();
  g_autofree char *opened = sd_format_datetime (row->opened_at);
  g_autofree char *response = row->first_response >= 0
                              ? sd_kpi_format_value (SD_KPI_FIRST_RESPONSE_MEAN, (double) row->first_response)
                              : g_strdup (_("never answered"));
  g_autofree char *rating = row->rating > 0 ? g_strdup_printf ("%d ★", row->rating) : g_strdup (_("not rated"));
  /* TRANSLATORS: a conversation behind a KPI: agent · opened · first response · rating */
  g_autofree char *subtitle = g_strdup_printf (_("%s · opened %s · first response %s · %s"),
                                               row->agent != NULL && *row->agent ? row->agent : _("nobody"),
                                               opened, response, rating);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), row->buyer);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (widget), FALSE);
  g_object_set_data_full (G_OBJECT (widget), "conversation-id", g_memdup2 (&row->id, sizeof row->id), g_free);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (widget), openable);
  if (openable)
    adw_action_row_add_suffix (ADW_ACTION_ROW (widget), gtk_image_new_from_icon_name ("go-next-symbolic"));
  return widget;
}

static void
drill_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SdReportsPage *self = SD_REPORTS_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  DrillResult *drilled = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GString) status = g_string_new (NULL);
  gboolean openable;

  if (job->generation != self->drill_generation)
    {
      g_clear_pointer (&drilled, drill_result_free);
      return;
    }
  g_clear_object (&self->drill_cancellable);
  update_actions (self);
  if (drilled == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not list the conversations: %s"), error->message);
      sd_message_add_toast (self->toast_overlay, message, TRUE);
      gtk_widget_set_visible (self->drill_section, FALSE);
      g_signal_emit (self, signals[LOADED], 0);
      return;
    }
  openable = show_conversation_action (self) != NULL;
  for (guint i = 0; i < drilled->rows->len; i++)
    gtk_list_box_append (self->drill_list, drill_row_new (self, g_ptr_array_index (drilled->rows, i), openable));
  if (drilled->more > 0)
    {
      g_autofree char *n = sd_format_count (drilled->more);
      g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, "%s more is not listed.",
                                                   "%s more are not listed.", drilled->more), n);
    }
  if (drilled->hidden > 0)
    {
      g_autofree char *n = sd_format_count (drilled->hidden);
      if (status->len > 0)
        g_string_append_c (status, ' ');
      g_string_append_printf (status,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%s conversation is another agent’s: reading it needs the “%s” permission.",
                                           "%s conversations are other agents’: reading them needs the “%s” permission.",
                                           drilled->hidden),
                              n, sd_permission_get_label (SD_PERMISSION_CONVERSATIONS_ALL));
    }
  gtk_label_set_label (self->drill_status, status->str);
  gtk_widget_set_visible (GTK_WIDGET (self->drill_status), status->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->drill_list), drilled->rows->len > 0);
  drill_result_free (drilled);
  g_signal_emit (self, signals[LOADED], 0);
}

static void
start_drill_down (SdReportsPage *self)
{
  g_autofree char *title = NULL;
  const SdKpiReport *r = report (self);
  GArray *ids;
  Job *job;

  clear_drill_down (self);
  if (!may_view (self) || r == NULL)
    return;
  ids = r->total->ids[self->figure];
  job = job_new (self);
  job->generation = self->drill_generation;
  job->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
  g_array_append_vals (job->ids, ids->data, ids->len);

  /* TRANSLATORS: heading of the conversations behind a KPI figure */
  title = g_strdup_printf (_("Conversations behind “%s”"), sd_kpi_figure_get_label (self->figure));
  gtk_label_set_label (self->drill_title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->drill_status), FALSE);
  gtk_widget_set_visible (self->drill_section, TRUE);

  run_job (self, &self->drill_cancellable, job, start_drill_down, drill_done_cb, drill_thread);
}

/* ---- callbacks ---- */

static void
choice_changed_cb (SdReportsPage *self)
{
  gboolean custom = gtk_drop_down_get_selected (self->range_dropdown) == RANGE_CUSTOM;

  if (self->updating)
    return;
  gtk_widget_set_visible (self->custom_box, custom);
  if (!custom)
    gtk_widget_set_visible (GTK_WIDGET (self->range_message), FALSE);
  else if (self->custom_from == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->from_entry));
      return;
    }
  update_subtitle (self);
  start_compute (self);
}

static void
custom_dates_cb (SdReportsPage *self)
{
  if (read_custom_range (self))
    start_compute (self);
}

static void
figure_selected_cb (SdReportsPage *self)
{
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (self->figures_box);

  if (selected == NULL)
    return;
  self->figure = (SdKpiFigure) gtk_flow_box_child_get_index (selected->data);
  update_chart (self);
  update_actions (self);
}

static void
figure_activated_cb (SdReportsPage   *self,
                     GtkFlowBoxChild *child)
{
  gtk_flow_box_select_child (self->figures_box, child);
  self->figure = (SdKpiFigure) gtk_flow_box_child_get_index (child);
  update_chart (self);
  update_actions (self);
  if (report (self) != NULL && report (self)->total->ids[self->figure]->len > 0)
    start_drill_down (self);
}

static void
drill_close_cb (SdReportsPage *self)
{
  clear_drill_down (self);
  update_actions (self);
}

static void
drill_row_activated_cb (SdReportsPage *self,
                        GtkListBoxRow *row)
{
  const gint64 *id = g_object_get_data (G_OBJECT (row), "conversation-id");
  const char *action = show_conversation_action (self);

  if (id != NULL && action != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), action, "x", *id);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SdReportsPage *self = SD_REPORTS_PAGE (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->export_cancellable);
  update_actions (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not export the figures: %s Choose another folder or file name."),
                                 error->message);
      sd_message_add_toast (self->toast_overlay, message, TRUE);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (job->file);
      g_autofree char *message = g_strdup_printf (_("Exported the figures to “%s”"), name);
      sd_message_add_toast (self->toast_overlay, message, FALSE);
    }
  g_signal_emit (self, signals[LOADED], 0);
}

static void
start_export (SdReportsPage *self,
              GFile         *file)
{
  Job *job;

  if (!may_view (self) || self->shown == NULL || self->export_cancellable != NULL)
    return;
  job = job_new (self);
  job->shown = g_rc_box_acquire (self->shown);
  job->file = g_object_ref (file);
  run_job (self, &self->export_cancellable, job, start_export, export_done_cb, export_thread);
}

static void
file_chosen_cb (GtkWidget *owner,
                GFile     *file)
{
  start_export (SD_REPORTS_PAGE (owner), file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdReportsPage *self = SD_REPORTS_PAGE (widget);
  g_autoptr(GDateTime) from_utc = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autofree char *date = NULL;
  g_autofree char *name = NULL;

  if (!may_view (self) || self->shown == NULL || self->export_cancellable != NULL)
    return;
  from_utc = g_date_time_new_from_unix_utc (self->shown->report->query.from);
  from = g_date_time_to_timezone (from_utc, sd_shop_time_zone ());
  date = g_date_time_format (from, "%Y-%m-%d");
  /* TRANSLATORS: suggested file name of a KPI export, with the first day */
  name = g_strdup_printf (_("kpi-%s.csv"), date);
  sd_file_chooser_save (widget, _("Export the Figures"), name, _("CSV files"), "csv", file_chosen_cb);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sd_reports_page_reload (SD_REPORTS_PAGE (widget));
}

static void
drill_down_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  start_drill_down (SD_REPORTS_PAGE (widget));
}

/* A card a figure: its name, its value, its formula in words. */
static void
add_cards (SdReportsPage *self)
{
  for (int f = 0; f < SD_KPI_N; f++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *name = gtk_label_new (sd_kpi_figure_get_label (f));
      GtkWidget *value = gtk_label_new ("–");
      GtkWidget *formula = gtk_label_new (sd_kpi_figure_get_formula (f));
      g_autofree char *value_name = g_strdup_printf ("value-%s", sd_kpi_figure_to_string (f));

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "kpi-card");
      gtk_widget_set_margin_start (content, 12);
      gtk_widget_set_margin_end (content, 12);
      gtk_widget_set_margin_top (content, 10);
      gtk_widget_set_margin_bottom (content, 10);
      gtk_widget_set_vexpand (content, TRUE);
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      /* Wrapped labels ask for their whole text's width: without a limit, two cards a line. */
      gtk_label_set_max_width_chars (GTK_LABEL (name), 24);
      gtk_widget_add_css_class (name, "heading");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_widget_set_name (value, value_name);
      gtk_widget_add_css_class (value, "title-2");
      gtk_widget_add_css_class (value, "numeric");
      gtk_label_set_xalign (GTK_LABEL (formula), 0);
      gtk_label_set_wrap (GTK_LABEL (formula), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (formula), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (formula), 30);
      gtk_widget_set_vexpand (formula, TRUE);
      gtk_label_set_yalign (GTK_LABEL (formula), 0);
      gtk_widget_add_css_class (formula, "dim-label");
      gtk_widget_add_css_class (formula, "caption");
      gtk_box_append (GTK_BOX (content), name);
      gtk_box_append (GTK_BOX (content), value);
      gtk_box_append (GTK_BOX (content), formula);
      gtk_box_append (GTK_BOX (card), content);
      gtk_flow_box_append (self->figures_box, card);
      self->values[f] = GTK_LABEL (value);
      self->cards[f] = gtk_flow_box_get_child_at_index (self->figures_box, f);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->cards[f]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      sd_kpi_figure_get_label (f), -1);
    }
}

/* The five levels of satisfaction, best first, with a bar and a count each. */
static void
add_rating_rows (SdReportsPage *self)
{
  for (int level = 5; level >= 1; level--)
    {
      GString *text = g_string_new (NULL);
      GtkWidget *label, *bar, *count;
      int row = 5 - level;

      for (int i = 0; i < 5; i++)
        g_string_append (text, i < level ? "★" : "☆");
      label = gtk_label_new (text->str);
      g_string_free (text, TRUE);
      bar = gtk_level_bar_new ();
      count = gtk_label_new ("0");
      gtk_widget_set_hexpand (bar, TRUE);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_level_bar_set_mode (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_MODE_CONTINUOUS);
      /* No low/high offsets: a level is neither good nor bad news here. */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_label_set_xalign (GTK_LABEL (count), 1);
      gtk_label_set_width_chars (GTK_LABEL (count), 6);
      gtk_widget_add_css_class (count, "numeric");
      gtk_grid_attach (self->ratings_grid, label, 0, row, 1, 1);
      gtk_grid_attach (self->ratings_grid, bar, 1, row, 1, 1);
      gtk_grid_attach (self->ratings_grid, count, 2, row, 1, 1);
      self->rating_bars[level] = GTK_LEVEL_BAR (bar);
      self->rating_counts[level] = GTK_LABEL (count);
      {
        g_autofree char *accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Rated %d star",
                                                                    "Rated %d stars", level), level);
        gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      }
    }
}

static void
map_cb (SdReportsPage *self)
{
  /* Coming back to the page shows the conversations of meanwhile. */
  if (may_view (self) && self->compute_cancellable == NULL)
    start_compute (self);
}

/* ---- the object ---- */

static void
sd_reports_page_dispose (GObject *object)
{
  SdReportsPage *self = SD_REPORTS_PAGE (object);

  if (self->compute_cancellable != NULL)
    g_cancellable_cancel (self->compute_cancellable);
  if (self->drill_cancellable != NULL)
    g_cancellable_cancel (self->drill_cancellable);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->compute_cancellable);
  g_clear_object (&self->drill_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->shown, shown_unref);
  /* AdwBin unparents its child itself: hand it over first, so it is not done twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_REPORTS_PAGE);
  G_OBJECT_CLASS (sd_reports_page_parent_class)->dispose (object);
}

static void
sd_reports_page_finalize (GObject *object)
{
  SdReportsPage *self = SD_REPORTS_PAGE (object);

  g_clear_pointer (&self->scopes, g_array_unref);
  g_clear_object (&self->scope_names);
  G_OBJECT_CLASS (sd_reports_page_parent_class)->finalize (object);
}

static void
sd_reports_page_class_init (SdReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_reports_page_dispose;
  object_class->finalize = sd_reports_page_finalize;

  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);

  g_type_ensure (SD_TYPE_KPI_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, chart);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, chart_title);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, custom_box);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, denied_page);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, drill_button);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, drill_list);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, drill_section);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, drill_status);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, drill_title);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, figures_box);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, range_message);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, ratings_grid);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, scope_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, title);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, SdReportsPage, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, custom_dates_cb);
  gtk_widget_class_bind_template_callback (widget_class, drill_close_cb);
  gtk_widget_class_bind_template_callback (widget_class, drill_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, figure_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, figure_selected_cb);

  gtk_widget_class_install_action (widget_class, "reports.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "reports.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.drill-down", NULL, drill_down_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "reports.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "reports.reload", NULL);
}

static void
sd_reports_page_init (SdReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->scopes = g_array_new (FALSE, FALSE, sizeof (Scope));
  self->scope_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->scope_dropdown, G_LIST_MODEL (self->scope_names));
  self->figure = SD_KPI_FIRST_RESPONSE_MEAN;
  add_cards (self);
  add_rating_rows (self);
  gtk_flow_box_select_child (self->figures_box, self->cards[self->figure]);
  update_chart (self);

  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  gtk_stack_set_visible_child_name (self->stack, "denied");
  update_actions (self);
}

/* ---- public API ---- */

GtkWidget *
sd_reports_page_new (void)
{
  return g_object_new (SD_TYPE_REPORTS_PAGE, NULL);
}

void
sd_reports_page_set_session (SdReportsPage *self,
                             SdSession     *session)
{
  g_return_if_fail (SD_IS_REPORTS_PAGE (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->shown, shown_unref);
  fill_scopes (self);
  update_figures (self);
  if (!may_view (self))
    {
      g_autofree char *description = NULL;

      if (self->compute_cancellable != NULL)
        g_cancellable_cancel (self->compute_cancellable);
      g_clear_object (&self->compute_cancellable);
      self->generation++;
      clear_drill_down (self);
      if (session != NULL)
        description = g_strdup_printf (_("Reading reports needs the “%s” permission. Ask the shop owner."),
                                       sd_permission_get_label (SD_PERMISSION_REPORTS_OWN));
      adw_status_page_set_description (self->denied_page, description);
      gtk_stack_set_visible_child_name (self->stack, "denied");
      update_actions (self);
      update_subtitle (self);
      return;
    }
  update_subtitle (self);
  start_compute (self);
}

void
sd_reports_page_set_folded (SdReportsPage *self,
                            gboolean       folded)
{
  g_return_if_fail (SD_IS_REPORTS_PAGE (self));
  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), folded);
}

void
sd_reports_page_reload (SdReportsPage *self)
{
  g_return_if_fail (SD_IS_REPORTS_PAGE (self));
  start_compute (self);
}

gboolean
sd_reports_page_get_busy (SdReportsPage *self)
{
  g_return_val_if_fail (SD_IS_REPORTS_PAGE (self), FALSE);
  return busy (self);
}

const SdKpiReport *
sd_reports_page_get_report (SdReportsPage *self)
{
  g_return_val_if_fail (SD_IS_REPORTS_PAGE (self), NULL);
  return report (self);
}
