/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-case.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* After-sales cases: opening, reading, listing, moving through their states, notes, and
 * the resolution deadline of each type.
 *
 * Permissions: cases.handle opens and changes cases. Reading: cases.handle or reports.all
 * read every case; an account with only conversations.own reads the cases of the
 * conversations it handled and the cases it handles. Every change writes its case_events
 * row (the history) in the same transaction; opening and closing are audited.
 *
 * Deadlines: a case is due at created_at + its type's hours (case_deadlines; complaints
 * 24 h by default). It is overdue while neither resolved nor closed once now is past that
 * moment: a complaint opened at 23:30 is due at 23:30 the next day and overdue at 23:30:01. */

#define SD_CASE_TITLE_MAX_CHARS 200
#define SD_CASE_NOTE_MAX_CHARS  2000
#define SD_CASE_LIST_MAX        500

typedef struct
{
  SdCaseType   type;
  gint64       customer_id;        /* required */
  gint64       order_id;           /* 0: none; else an order of that customer */
  gint64       conversation_id;    /* 0: none */
  const char  *title;              /* 1 to SD_CASE_TITLE_MAX_CHARS characters */
  const char  *note;               /* NULL or "": none; the opened event's text */
  gint64       staff_id;           /* the handler, 0: nobody yet */
} SdCaseOpen;

/* The new case's id (state new), 0 on error. SD_ERROR_NOT_FOUND for a customer, order,
 * conversation or handler that does not exist; SD_ERROR_INVALID_INPUT for an order of
 * another customer, an empty or long title, a handler account that is disabled. */
gint64       sd_cases_open        (SdSession         *session,
                                   const SdCaseOpen  *open,
                                   GError           **error);

/* The case with its events, oldest first. SD_ERROR_NOT_FOUND when there is none or the
 * session may not read it. */
SdCase      *sd_cases_get         (SdSession         *session,
                                   gint64             id,
                                   GError           **error);

typedef struct
{
  guint        states;             /* SD_CASE_STATE_BIT()s; 0: every state */
  gboolean     any_type;           /* TRUE: every type, else only TYPE */
  SdCaseType   type;
  gint64       staff_id;           /* the handler; 0: anyone */
  gint64       customer_id;        /* 0: anyone */
  gboolean     overdue_only;
  /* NULL or "": no search. Else every whitespace-separated word occurs in the title, the
   * customer's nick or the customer's name (ASCII letters in either case; % and _ are
   * plain characters). */
  const char  *search;
  /* The moment overdue is judged at; 0: now. A list model paging through one list keeps
   * the first page's moment, so that no case changes its place between two pages. */
  gint64       now;
  /* Keyset paging: only the cases after this one in the list's order (has_after FALSE:
   * from the start). Set from the last case of a page with sd_case_filter_set_after(). */
  gboolean     has_after;
  gboolean     after_overdue;
  gint64       after_deadline_at;
  gint64       after_id;
  guint        limit;              /* 1 … SD_CASE_LIST_MAX; 0: SD_CASE_LIST_MAX */
} SdCaseFilter;

/* Every state, type, handler and customer; from the start. */
void         sd_case_filter_init      (SdCaseFilter  *filter);
/* The next page starts after LAST (a case of the page before). */
void         sd_case_filter_set_after (SdCaseFilter  *filter,
                                       const SdCase  *last);

/* The cases FILTER selects (without events), overdue ones first, then by deadline, then
 * by id; at most FILTER->limit of them. FILTER->now is set to the moment used when it was
 * 0. */
GPtrArray   *sd_cases_list        (SdSession         *session,
                                   SdCaseFilter      *filter,
                                   GError           **error);   /* SdCase * */

/* What sd_cases_update() changes: only the fields whose set_ flag is TRUE. */
typedef struct
{
  gboolean     set_state;
  SdCaseState  state;
  gboolean     set_staff;
  gint64       staff_id;           /* 0: nobody */
  const char  *title;              /* NULL: unchanged */
  const char  *note;               /* NULL or "": none; else added as a note event */
  /* The state the person saw when asking for the change (check_seen_state): a case that
   * another desktop moved meanwhile is refused with SD_ERROR_CONFLICT instead of moved on
   * from a state they did not see. */
  gboolean     check_seen_state;
  SdCaseState  seen_state;
  /* The same for the handler they saw (0: nobody), when handing the case over. */
  gboolean     check_seen_staff;
  gint64       seen_staff_id;
} SdCaseUpdate;

/* One transaction: the title, the handler, the state (sd_case_state_can_move(), else
 * SD_ERROR_CONFLICT naming both states; entering resolved sets resolved_at, leaving it
 * for in_progress clears it; closed sets closed_at), then the note; an event for each
 * change and updated_at. Closing this way is audited as sd_cases_close() is. A title or
 * handler the case already holds writes nothing (nor does an update with nothing to
 * change); a "move" to the state it is in is refused like any other not allowed. */
gboolean     sd_cases_update      (SdSession         *session,
                                   gint64             id,
                                   const SdCaseUpdate *update,
                                   GError           **error);
gboolean     sd_cases_add_note    (SdSession         *session,
                                   gint64             id,
                                   const char        *note,
                                   GError           **error);
/* State closed (from any state but closed) with an optional NOTE; audited. */
gboolean     sd_cases_close       (SdSession         *session,
                                   gint64             id,
                                   const char        *note,
                                   GError           **error);

/* The hours of each type's deadline, OUT_HOURS[SdCaseType]. Needs what reading cases does. */
gboolean     sd_cases_get_deadline_hours (SdSession  *session,
                                   int                out_hours[SD_CASE_TYPE_N],
                                   GError           **error);
/* Sets TYPE's deadline to HOURS (1 … 8760): a manager's change (staff.manage or
 * conversations.all), audited. Only cases opened from now on get the new deadline: a case
 * keeps the deadline it was opened with, so changing the hours never makes an open case
 * overdue, or no longer overdue, after the fact. */
gboolean     sd_cases_set_deadline_hours (SdSession  *session,
                                   SdCaseType         type,
                                   int                hours,
                                   GError           **error);

/* The id of the active staff account NAME (a login, "shop:login" or an id as text) that
 * a case may be handed to; needs cases.handle (not staff.manage: agents hand cases to
 * each other). SD_ERROR_NOT_FOUND when there is none. */
gint64       sd_cases_find_handler (SdSession        *session,
                                   const char        *name,
                                   GError           **error);

G_END_DECLS
