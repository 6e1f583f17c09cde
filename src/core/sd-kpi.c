/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-kpi"

#include "sd-i18n.h"

#include <math.h>
#include <string.h>

#include "sd-agent-store-private.h"
#include "sd-csv.h"
#include "sd-error.h"
#include "sd-kpi-store-private.h"
#include "sd-kpi.h"
#include "sd-store-private.h"
#include "sd-values.h"

#define FIRST_RESPONSE_TARGET 30     /* seconds: 首响 within 30 s */
#define ROUND_TARGET          180    /* seconds: a round answered within 3 minutes */

static const struct
{
  const char *id;
  const char *label;
  const char *formula;
  SdKpiUnit   unit;
} figures[SD_KPI_N] = {
  [SD_KPI_FIRST_RESPONSE_MEAN] = { "first_response_mean", N_("First response (mean)"),
    N_("Σ (first agent reply − buyer’s first message) ÷ conversations answered"), SD_KPI_UNIT_SECONDS },
  [SD_KPI_FIRST_RESPONSE_P90] = { "first_response_p90", N_("First response (p90)"),
    N_("the ⌈0.9 × n⌉-th shortest first response of the n conversations answered"), SD_KPI_UNIT_SECONDS },
  [SD_KPI_FIRST_RESPONSE_30S] = { "first_response_30s", N_("First responses within 30 s"),
    N_("conversations first answered within 30 s ÷ conversations in which the buyer wrote"), SD_KPI_UNIT_SHARE },
  [SD_KPI_ROUNDS_3MIN] = { "rounds_3min", N_("Rounds answered within 3 min"),
    N_("rounds answered within 3 min ÷ rounds (a round: buyer messages up to the next agent reply)"),
    SD_KPI_UNIT_SHARE },
  [SD_KPI_RESPONSE_MEAN] = { "response_mean", N_("Response time (mean)"),
    N_("Σ (agent reply − round’s first buyer message) ÷ rounds answered"), SD_KPI_UNIT_SECONDS },
  [SD_KPI_ANSWER_RATIO] = { "answer_ratio", N_("Answer ratio (答问比)"),
    N_("agent messages ÷ buyer messages"), SD_KPI_UNIT_RATIO },
  [SD_KPI_BUYERS] = { "buyers", N_("Buyers received"),
    N_("distinct buyers with a conversation"), SD_KPI_UNIT_COUNT },
  [SD_KPI_CONVERSION] = { "conversion", N_("Inquiry → paid"),
    N_("buyers who paid an order created from their inquiry to the end of the next day ÷ buyers who asked "
       "without an order of that day or the day before"), SD_KPI_UNIT_SHARE },
  [SD_KPI_SALES] = { "sales", N_("Attributed sales"),
    N_("Σ amount of the paid orders counted in inquiry → paid"), SD_KPI_UNIT_FEN },
  [SD_KPI_AVERAGE_ORDER] = { "average_order", N_("Average order value"),
    N_("attributed sales ÷ those orders"), SD_KPI_UNIT_FEN },
  [SD_KPI_GOOD_RATINGS] = { "good_ratings", N_("Good ratings"),
    N_("conversations rated 4 or 5 ÷ conversations rated"), SD_KPI_UNIT_SHARE },
  [SD_KPI_RATING_RATE] = { "rating_rate", N_("Rating rate"),
    N_("conversations rated ÷ conversations"), SD_KPI_UNIT_SHARE },
  [SD_KPI_CASES_RESOLVED] = { "cases_resolved", N_("Cases resolved"),
    N_("cases resolved in the period"), SD_KPI_UNIT_COUNT },
  [SD_KPI_CASES_IN_TIME] = { "cases_in_time", N_("Cases resolved in time"),
    N_("cases resolved by their deadline ÷ cases resolved"), SD_KPI_UNIT_SHARE },
};

const char *
sd_kpi_figure_to_string (SdKpiFigure figure)
{
  g_return_val_if_fail (figure < SD_KPI_N, NULL);
  return figures[figure].id;
}

gboolean
sd_kpi_figure_from_string (const char  *text,
                           SdKpiFigure *out_figure)
{
  for (int i = 0; i < SD_KPI_N; i++)
    if (g_strcmp0 (text, figures[i].id) == 0)
      {
        *out_figure = (SdKpiFigure) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sd_kpi_figure_get_label (SdKpiFigure figure)
{
  g_return_val_if_fail (figure < SD_KPI_N, NULL);
  return _(figures[figure].label);
}

const char *
sd_kpi_figure_get_formula (SdKpiFigure figure)
{
  g_return_val_if_fail (figure < SD_KPI_N, NULL);
  return _(figures[figure].formula);
}

SdKpiUnit
sd_kpi_figure_get_unit (SdKpiFigure figure)
{
  g_return_val_if_fail (figure < SD_KPI_N, SD_KPI_UNIT_COUNT);
  return figures[figure].unit;
}

gboolean
sd_kpi_bucket_from_string (const char  *text,
                           SdKpiBucket *out_bucket)
{
  static const char * const names[] = { "whole", "day", "week", "month" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *out_bucket = (SdKpiBucket) i;
        return TRUE;
      }
  return FALSE;
}

void
sd_kpi_row_free (SdKpiRow *row)
{
  if (row == NULL)
    return;
  for (int i = 0; i < SD_KPI_N; i++)
    g_clear_pointer (&row->ids[i], g_array_unref);
  g_free (row);
}

void
sd_kpi_report_free (SdKpiReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->total, sd_kpi_row_free);
  g_clear_pointer (&report->rows, g_ptr_array_unref);
  g_free (report);
}

static SdKpiRow *
row_new (gint64 start,
         gint64 end)
{
  SdKpiRow *row = g_new0 (SdKpiRow, 1);

  row->start = start;
  row->end = end;
  for (int i = 0; i < SD_KPI_N; i++)
    {
      row->values[i] = NAN;
      row->ids[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
    }
  return row;
}

static void
add_id (SdKpiRow    *row,
        SdKpiFigure  figure,
        gint64       id)
{
  g_array_append_val (row->ids[figure], id);
}

static double
share (gint64 numerator,
       gint64 denominator)
{
  return denominator > 0 ? (double) numerator / (double) denominator : NAN;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The shop's midnight starting the day UTC falls in. */
static gint64
shop_day_start (gint64 utc)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (t, sd_shop_time_zone ());
  g_autoptr(GDateTime) midnight = g_date_time_new (sd_shop_time_zone (), g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local), 0, 0, 0);

  return g_date_time_to_unix (midnight);
}

/* ---- Response times ---- */

typedef struct
{
  gint64  first_responses;      /* conversations answered */
  gint64  first_response_sum;
  gint64  asked;                /* conversations in which the buyer wrote */
  gint64  within_30s;
  gint64  rounds_within;
  gint64  round_sum;
  GArray *first_times;          /* gint64 */
} Timing;

/* Walks C's rounds (see sd-kpi.h) into T and ROW. */
static void
add_rounds (SdKpiRow                *row,
            Timing                  *t,
            const SdKpiConversation *c)
{
  gint64 round_start = 0;       /* 0: no round open */

  for (guint i = 0; i < c->messages->len; i++)
    {
      const SdKpiMessage *m = &g_array_index (c->messages, SdKpiMessage, i);
      if (m->direction == SD_CHAT_IN && round_start == 0)
        {
          round_start = m->at;
          row->rounds++;
        }
      else if (m->direction == SD_CHAT_OUT && round_start != 0)
        {
          gint64 wait = m->at - round_start;
          row->rounds_answered++;
          t->round_sum += wait;
          if (wait <= ROUND_TARGET)
            t->rounds_within++;
          round_start = 0;
        }
    }
}

/* The time of the buyer's first message in C, 0 when none. */
static gint64
first_buyer_message (const SdKpiConversation *c)
{
  for (guint i = 0; i < c->messages->len; i++)
    if (g_array_index (c->messages, SdKpiMessage, i).direction == SD_CHAT_IN)
      return g_array_index (c->messages, SdKpiMessage, i).at;
  return 0;
}

static void
add_timing (SdKpiRow                *row,
            Timing                  *t,
            const SdKpiConversation *c)
{
  gint64 first_in = first_buyer_message (c);

  if (first_in == 0)
    return;
  t->asked++;
  add_id (row, SD_KPI_FIRST_RESPONSE_30S, c->id);
  add_id (row, SD_KPI_ROUNDS_3MIN, c->id);
  if (c->first_response_at > 0)
    {
      gint64 wait = c->first_response_at - first_in;
      t->first_responses++;
      t->first_response_sum += wait;
      g_array_append_val (t->first_times, wait);
      if (wait <= FIRST_RESPONSE_TARGET)
        t->within_30s++;
      add_id (row, SD_KPI_FIRST_RESPONSE_MEAN, c->id);
      add_id (row, SD_KPI_FIRST_RESPONSE_P90, c->id);
      add_id (row, SD_KPI_RESPONSE_MEAN, c->id);
    }
  add_rounds (row, t, c);
}

static void
finish_timing (SdKpiRow *row,
               Timing   *t)
{
  row->values[SD_KPI_FIRST_RESPONSE_MEAN] = share (t->first_response_sum, t->first_responses);
  if (t->first_times->len > 0)
    {
      /* Nearest rank: the ⌈0.9 n⌉-th smallest, in whole numbers (n × 9 + 9) / 10. */
      guint rank = (t->first_times->len * 9 + 9) / 10;
      g_array_sort (t->first_times, compare_int64);
      row->values[SD_KPI_FIRST_RESPONSE_P90] = (double) g_array_index (t->first_times, gint64, rank - 1);
    }
  row->values[SD_KPI_FIRST_RESPONSE_30S] = share (t->within_30s, t->asked);
  row->values[SD_KPI_ROUNDS_3MIN] = share (t->rounds_within, row->rounds);
  row->values[SD_KPI_RESPONSE_MEAN] = share (t->round_sum, row->rounds_answered);
}

/* ---- Buyers and conversion ---- */

typedef struct
{
  gint64 inquiry_at;            /* the buyer's first message in the bucket; 0: never wrote */
  gint64 conversation_id;       /* the conversation it is in */
  gint64 customer_id;
} Buyer;

static void
note_buyer (GHashTable              *buyers,
            const SdKpiConversation *c)
{
  Buyer *b = g_hash_table_lookup (buyers, c->buyer_nick);
  gint64 first_in = first_buyer_message (c);

  if (b == NULL)
    {
      b = g_new0 (Buyer, 1);
      g_hash_table_insert (buyers, g_strdup (c->buyer_nick), b);
    }
  if (b->customer_id == 0)
    b->customer_id = c->customer_id;
  if (first_in != 0 && (b->inquiry_at == 0 || first_in < b->inquiry_at))
    {
      b->inquiry_at = first_in;
      b->conversation_id = c->id;
    }
}

typedef struct
{
  gint64 asked;
  gint64 converted;
  gint64 sales;
} Conversion;

/* Whether B asked before ordering, and what they paid after; into CONV and ROW. */
static gboolean
add_buyer (SdDb        *db,
           SdKpiRow    *row,
           Conversion  *conv,
           const Buyer *b,
           GError     **error)
{
  gint64 day = shop_day_start (b->inquiry_at);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gboolean paid = FALSE;

  if (b->inquiry_at == 0)
    return TRUE;
  if (b->customer_id != 0)
    {
      /* The shop day before the inquiry's starts 86400 s earlier: the shop's zone has no DST. */
      if (!(before = _sd_kpi_store_orders (db, b->customer_id, day - 86400, b->inquiry_at, error)))
        return FALSE;
      if (before->len > 0)
        return TRUE;
      if (!(after = _sd_kpi_store_orders (db, b->customer_id, b->inquiry_at, day + 2 * 86400, error)))
        return FALSE;
      for (guint i = 0; i < after->len; i++)
        {
          const SdKpiOrder *o = g_ptr_array_index (after, i);
          if (o->paid_at == 0)
            continue;
          paid = TRUE;
          row->orders++;
          conv->sales += o->amount_cents;
        }
    }
  conv->asked++;
  add_id (row, SD_KPI_CONVERSION, b->conversation_id);
  if (paid)
    {
      conv->converted++;
      add_id (row, SD_KPI_SALES, b->conversation_id);
      add_id (row, SD_KPI_AVERAGE_ORDER, b->conversation_id);
    }
  return TRUE;
}

static gboolean
add_buyers (SdDb       *db,
            SdKpiRow   *row,
            GHashTable *buyers,
            GError    **error)
{
  Conversion conv = { 0 };
  GHashTableIter iter;
  gpointer value;

  row->values[SD_KPI_BUYERS] = g_hash_table_size (buyers);
  g_hash_table_iter_init (&iter, buyers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!add_buyer (db, row, &conv, value, error))
      return FALSE;
  row->values[SD_KPI_CONVERSION] = share (conv.converted, conv.asked);
  row->values[SD_KPI_SALES] = (double) conv.sales;
  row->values[SD_KPI_AVERAGE_ORDER] = share (conv.sales, row->orders);
  return TRUE;
}

/* ---- Ratings and cases ---- */

static void
add_rating (SdKpiRow                *row,
            const SdKpiConversation *c)
{
  add_id (row, SD_KPI_RATING_RATE, c->id);
  if (c->rating < 1 || c->rating > 5)
    return;
  row->ratings[c->rating]++;
  row->rated++;
  add_id (row, SD_KPI_GOOD_RATINGS, c->id);
}

static gboolean
add_cases (SdDb             *db,
           const SdKpiQuery *query,
           SdKpiRow         *row,
           GError          **error)
{
  g_autoptr(GPtrArray) cases = _sd_kpi_store_cases (db, query->staff_id, query->department_id, row->start,
                                                    row->end, error);
  gint64 in_time = 0;

  if (cases == NULL)
    return FALSE;
  for (guint i = 0; i < cases->len; i++)
    {
      const SdKpiCase *k = g_ptr_array_index (cases, i);
      if (k->resolved_at <= k->deadline_at)
        in_time++;
      if (k->conversation_id != 0)
        {
          add_id (row, SD_KPI_CASES_RESOLVED, k->conversation_id);
          add_id (row, SD_KPI_CASES_IN_TIME, k->conversation_id);
        }
    }
  row->values[SD_KPI_CASES_RESOLVED] = cases->len;
  row->values[SD_KPI_CASES_IN_TIME] = share (in_time, cases->len);
  return TRUE;
}

/* ---- One bucket ---- */

static SdKpiRow *
compute_row (SdDb             *db,
             const SdKpiQuery *query,
             gint64            start,
             gint64            end,
             GError          **error)
{
  g_autoptr(SdKpiRow) row = row_new (start, end);
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GHashTable) buyers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GArray) first_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  Timing t = { .first_times = first_times };

  conversations = _sd_kpi_store_conversations (db, query->staff_id, query->department_id, start, end, error);
  if (conversations == NULL)
    return NULL;
  for (guint i = 0; i < conversations->len; i++)
    {
      const SdKpiConversation *c = g_ptr_array_index (conversations, i);
      row->conversations++;
      row->buyer_messages += c->buyer_messages;
      row->agent_messages += c->agent_messages;
      add_id (row, SD_KPI_ANSWER_RATIO, c->id);
      add_id (row, SD_KPI_BUYERS, c->id);
      add_timing (row, &t, c);
      note_buyer (buyers, c);
      add_rating (row, c);
    }
  finish_timing (row, &t);
  row->values[SD_KPI_ANSWER_RATIO] = share (row->agent_messages, row->buyer_messages);
  row->values[SD_KPI_GOOD_RATINGS] = share (row->ratings[4] + row->ratings[5], row->rated);
  row->values[SD_KPI_RATING_RATE] = share (row->rated, row->conversations);
  if (!add_buyers (db, row, buyers, error) || !add_cases (db, query, row, error))
    return NULL;
  for (int i = 0; i < SD_KPI_N; i++)
    g_array_sort (row->ids[i], compare_int64);
  return g_steal_pointer (&row);
}

/* ---- Buckets ---- */

/* The shop-local start of the bucket UTC falls in. */
static GDateTime *
bucket_start (gint64      utc,
              SdKpiBucket bucket)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (t, sd_shop_time_zone ());
  g_autoptr(GDateTime) day = g_date_time_new (sd_shop_time_zone (), g_date_time_get_year (local),
                                              g_date_time_get_month (local),
                                              bucket == SD_KPI_BY_MONTH ? 1 : g_date_time_get_day_of_month (local),
                                              0, 0, 0);

  if (bucket == SD_KPI_BY_WEEK)
    return g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));   /* Monday */
  return g_steal_pointer (&day);
}

static GDateTime *
bucket_next (GDateTime   *start,
             SdKpiBucket  bucket)
{
  switch (bucket)
    {
    case SD_KPI_BY_DAY:
      return g_date_time_add_days (start, 1);
    case SD_KPI_BY_WEEK:
      return g_date_time_add_weeks (start, 1);
    case SD_KPI_BY_MONTH:
      return g_date_time_add_months (start, 1);
    case SD_KPI_WHOLE:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_query (SdSession        *session,
             const SdKpiQuery *query,
             SdKpiQuery       *out,
             GError          **error)
{
  *out = *query;
  if (query->from >= query->to)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("The KPI period ends before it starts: give a start before the end."));
      return FALSE;
    }
  if (query->staff_id != 0 && query->department_id != 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_INPUT,
                           _("KPIs are for an agent or a department, not both: choose one."));
      return FALSE;
    }
  if (!sd_session_require (session, SD_PERMISSION_REPORTS_OWN, error))
    return FALSE;
  if (sd_session_can (session, SD_PERMISSION_REPORTS_ALL))
    return TRUE;
  /* reports.own: one's own figures, which is also what no scope means. */
  if (query->department_id == 0 && (query->staff_id == 0 || query->staff_id == sd_session_get_staff_id (session)))
    {
      out->staff_id = sd_session_get_staff_id (session);
      return TRUE;
    }
  return sd_session_require (session, SD_PERMISSION_REPORTS_ALL, error);
}

SdKpiReport *
sd_kpi_compute (SdSession        *session,
                const SdKpiQuery *query,
                GError          **error)
{
  g_autoptr(SdKpiReport) report = g_new0 (SdKpiReport, 1);
  g_autoptr(GDateTime) start = NULL;
  SdDb *db;

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!check_query (session, query, &report->query, error))
    return NULL;
  db = sd_session_get_db (session);
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_kpi_row_free);
  if (!(report->total = compute_row (db, &report->query, query->from, query->to, error)))
    return NULL;
  if (query->bucket == SD_KPI_WHOLE)
    return g_steal_pointer (&report);

  start = bucket_start (query->from, query->bucket);
  while (g_date_time_to_unix (start) < query->to)
    {
      g_autoptr(GDateTime) next = bucket_next (start, query->bucket);
      gint64 a = MAX (g_date_time_to_unix (start), query->from);
      gint64 b = MIN (g_date_time_to_unix (next), query->to);
      SdKpiRow *row = compute_row (db, &report->query, a, b, error);
      if (row == NULL)
        return NULL;
      g_ptr_array_add (report->rows, row);
      g_date_time_unref (start);
      start = g_steal_pointer (&next);
    }
  return g_steal_pointer (&report);
}

GArray *
sd_kpi_drill_down (SdSession        *session,
                   const SdKpiQuery *query,
                   SdKpiFigure       figure,
                   GError          **error)
{
  SdKpiQuery whole = *query;
  g_autoptr(SdKpiReport) report = NULL;

  g_return_val_if_fail (figure < SD_KPI_N, NULL);

  whole.bucket = SD_KPI_WHOLE;
  report = sd_kpi_compute (session, &whole, error);
  if (report == NULL)
    return NULL;
  return g_steal_pointer (&report->total->ids[figure]);
}

GPtrArray *
sd_kpi_list_departments (SdSession  *session,
                         GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  /* Not sd_departments_list (): a manager who reads every report need not see customers. */
  if (!sd_session_require (session, SD_PERMISSION_REPORTS_ALL, error))
    return NULL;
  return _sd_store_list_departments (sd_session_get_db (session), error);
}

GPtrArray *
sd_kpi_list_agents (SdSession  *session,
                    GError    **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_REPORTS_ALL, error))
    return NULL;
  return _sd_agent_store_list (sd_session_get_db (session), 0, 0, error);
}

static char *
csv_time (gint64 utc)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (utc);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, sd_shop_time_zone ());

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

/* "61.875", "0.5556", "23800": 4 decimals at most, none trailing; "" for NAN. */
static char *
csv_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *text;
  gsize len;

  if (isnan (value))
    return g_strdup ("");
  text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.4f", value));
  len = strlen (text);
  while (len > 0 && text[len - 1] == '0')
    text[--len] = '\0';
  if (len > 0 && text[len - 1] == '.')
    text[--len] = '\0';
  return text;
}

#define CSV_COLUMNS (4 + SD_KPI_N + 5)

static void
append_csv_row (GString        *out,
                const char     *bucket,
                const SdKpiRow *row)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (cells, g_strdup (bucket));
  g_ptr_array_add (cells, csv_time (row->start));
  g_ptr_array_add (cells, csv_time (row->end));
  g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, row->conversations));
  for (int f = 0; f < SD_KPI_N; f++)
    g_ptr_array_add (cells, csv_number (row->values[f]));
  for (int level = 1; level <= 5; level++)
    g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, row->ratings[level]));
  g_assert (cells->len == CSV_COLUMNS);
  sd_csv_append_row (out, (const char * const *) cells->pdata, cells->len);
}

char *
sd_kpi_report_to_csv (const SdKpiReport *report)
{
  static const char * const buckets[] = { "total", "day", "week", "month" };
  const char *header[CSV_COLUMNS] = { "bucket", "start", "end", "conversations" };
  static const char * const ratings[] = { "rating_1", "rating_2", "rating_3", "rating_4", "rating_5" };
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (report->query.bucket < G_N_ELEMENTS (buckets), NULL);

  for (int f = 0; f < SD_KPI_N; f++)
    header[4 + f] = sd_kpi_figure_to_string (f);
  for (guint i = 0; i < G_N_ELEMENTS (ratings); i++)
    header[4 + SD_KPI_N + i] = ratings[i];
  sd_csv_append_row (out, header, CSV_COLUMNS);
  for (guint i = 0; i < report->rows->len; i++)
    append_csv_row (out, buckets[report->query.bucket], g_ptr_array_index (report->rows, i));
  append_csv_row (out, "total", report->total);
  return g_string_free (out, FALSE);
}

gboolean
sd_kpi_report_write_csv (const SdKpiReport *report,
                         GFile             *file,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  text = sd_kpi_report_to_csv (report);
  /* Written beside the file and moved over it: a failure leaves what was there. */
  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, cancellable, error);
}
