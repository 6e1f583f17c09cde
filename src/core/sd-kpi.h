/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"

G_BEGIN_DECLS

/* Customer-service KPIs over the conversations (sd-conversations.h), the orders and the
 * after-sales cases, for a scope (the shop, a department, an agent) and a time range,
 * whole or by day, week (Monday to Sunday) or month of the shop's time zone.
 *
 * Which conversations: those of the scope (conversations.staff_id for an agent,
 * conversations.department_id for a department) opened in the range or bucket.
 * Definitions (the GUI shows sd_kpi_figure_get_formula() beside each figure):
 * - A conversation's first response time: its first_response_at (the first agent reply
 *   after a buyer's message) minus the time of the buyer's first message in it. Mean and
 *   p90 are over the conversations answered; p90 is the nearest-rank 90th percentile (the
 *   ⌈0.9·n⌉-th smallest). The share within 30 s (≤ 30) is over every conversation in
 *   which the buyer wrote: one never answered counts as not within.
 * - A round: a buyer's message that follows the start of the conversation or an agent's
 *   message, with the buyer's messages after it up to the next agent message (which
 *   answers the round; the answer time is its time minus the round's first buyer message).
 *   System messages are ignored; a round the conversation ends on is unanswered. The share
 *   of rounds answered within 3 minutes (≤ 180 s) is over all rounds; the mean response
 *   time over the answered ones.
 * - 答问比: agent messages ÷ buyer messages (the conversations' counters).
 * - Buyers received: distinct buyer nicks.
 * - Inquiry → paid: a buyer's inquiry is their first buyer message in the bucket. Buyers
 *   who already had an order created on the inquiry's shop day or the day before (before
 *   the inquiry) asked after ordering and are left out. Of the others, those whose customer
 *   (matched by nick) paid an order created from the inquiry to the end of the next shop
 *   day converted. Attributed sales: the sum of those paid orders' amounts (fen); average
 *   order value: sales ÷ those orders.
 * - Satisfaction: ratings per level 1–5; good = 4 or 5 ÷ rated; rating rate = rated ÷
 *   conversations.
 * - Cases: cases of the scope (their agent, or an agent of the department) resolved in the
 *   bucket (resolved_at); within deadline: resolved_at ≤ deadline_at.
 * A figure whose denominator is 0 is NAN (the CLI prints "–", JSON null).
 *
 * reports.all reads any scope; reports.own only the acting agent's own figures (an agent
 * scope of oneself, which is what a query without a scope means for them). */

typedef enum
{
  SD_KPI_FIRST_RESPONSE_MEAN,
  SD_KPI_FIRST_RESPONSE_P90,
  SD_KPI_FIRST_RESPONSE_30S,
  SD_KPI_ROUNDS_3MIN,
  SD_KPI_RESPONSE_MEAN,
  SD_KPI_ANSWER_RATIO,
  SD_KPI_BUYERS,
  SD_KPI_CONVERSION,
  SD_KPI_SALES,
  SD_KPI_AVERAGE_ORDER,
  SD_KPI_GOOD_RATINGS,
  SD_KPI_RATING_RATE,
  SD_KPI_CASES_RESOLVED,
  SD_KPI_CASES_IN_TIME,
  SD_KPI_N
} SdKpiFigure;

typedef enum
{
  SD_KPI_UNIT_SECONDS,
  SD_KPI_UNIT_SHARE,       /* 0 … 1 */
  SD_KPI_UNIT_RATIO,
  SD_KPI_UNIT_COUNT,
  SD_KPI_UNIT_FEN,
} SdKpiUnit;

typedef enum
{
  SD_KPI_WHOLE,            /* one bucket: the range */
  SD_KPI_BY_DAY,
  SD_KPI_BY_WEEK,
  SD_KPI_BY_MONTH,
} SdKpiBucket;

typedef struct
{
  gint64       staff_id;       /* an agent's figures; 0: not one agent */
  gint64       department_id;  /* a department's; 0: not one department (both 0: the shop) */
  gint64       from;           /* UTC seconds, inclusive */
  gint64       to;             /* exclusive */
  SdKpiBucket  bucket;
} SdKpiQuery;

typedef struct
{
  gint64  start;                     /* the bucket, within the range: [start, end) */
  gint64  end;
  double  values[SD_KPI_N];          /* NAN: no denominator */
  gint64  conversations;
  gint64  buyer_messages;
  gint64  agent_messages;
  gint64  rounds;
  gint64  rounds_answered;
  gint64  ratings[6];                /* [1] … [5]: conversations rated so */
  gint64  rated;
  gint64  orders;                    /* the paid orders of converted buyers */
  GArray *ids[SD_KPI_N];             /* gint64, ascending: the conversations behind each figure */
} SdKpiRow;

typedef struct
{
  SdKpiQuery  query;
  SdKpiRow   *total;                 /* the whole range */
  GPtrArray  *rows;                  /* SdKpiRow *, one a bucket, oldest first */
} SdKpiReport;

/* "first_response_mean", …: the JSON and CLI name. */
const char  *sd_kpi_figure_to_string   (SdKpiFigure  figure);
gboolean     sd_kpi_figure_from_string (const char  *text,
                                        SdKpiFigure *out_figure);
/* Translated. */
const char  *sd_kpi_figure_get_label   (SdKpiFigure  figure);
const char  *sd_kpi_figure_get_formula (SdKpiFigure  figure);
SdKpiUnit    sd_kpi_figure_get_unit    (SdKpiFigure  figure);
gboolean     sd_kpi_bucket_from_string (const char  *text,
                                        SdKpiBucket *out_bucket);

/* SD_ERROR_INVALID_INPUT: from ≥ to, or both an agent and a department;
 * SD_ERROR_PERMISSION_DENIED as above. */
SdKpiReport *sd_kpi_compute            (SdSession        *session,
                                        const SdKpiQuery *query,
                                        GError          **error);
/* The conversations behind FIGURE over the whole range of QUERY, ids ascending. */
GArray      *sd_kpi_drill_down         (SdSession        *session,
                                        const SdKpiQuery *query,
                                        SdKpiFigure       figure,
                                        GError          **error);   /* gint64 */
/* The scopes a manager may choose (reports.all): the departments (SdDepartment *) and the
 * agents (SdAgent *, by department then login). */
GPtrArray   *sd_kpi_list_departments   (SdSession        *session,
                                        GError          **error);
GPtrArray   *sd_kpi_list_agents        (SdSession        *session,
                                        GError          **error);

/* REPORT as CSV (CRLF lines, no BOM): a header "bucket,start,end,conversations", the
 * figures' sd_kpi_figure_to_string () names, "rating_1" … "rating_5"; then a line a
 * bucket ("day", "week" or "month") oldest first, and last the "total" line of the whole
 * range. Times ISO 8601 in shop time; values in plain units (seconds, shares 0–1, ratios,
 * counts, fen) with at most 4 decimals; an empty field where a figure is NAN. */
char        *sd_kpi_report_to_csv      (const SdKpiReport *report);
/* The same into FILE, which appears whole or not at all. */
gboolean     sd_kpi_report_write_csv   (const SdKpiReport *report,
                                        GFile             *file,
                                        GCancellable      *cancellable,
                                        GError           **error);

void         sd_kpi_row_free           (SdKpiRow         *row);
void         sd_kpi_report_free        (SdKpiReport      *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdKpiReport, sd_kpi_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdKpiRow, sd_kpi_row_free)

G_END_DECLS
