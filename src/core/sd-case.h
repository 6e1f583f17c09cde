/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* An after-sales case (售后工单): its types, states and the moves between them, its
 * history, and the struct the core hands out (sd-cases.h does the work). */

typedef enum
{
  SD_CASE_RETURN_EXCHANGE,      /* 退换货 */
  SD_CASE_REFUND,               /* 退款 */
  SD_CASE_CHASE_SHIPMENT,       /* 催件 */
  SD_CASE_TRACK_SHIPMENT,       /* 查件 */
  SD_CASE_SIGNED_NOT_RECEIVED,  /* 签收未收到 */
  SD_CASE_LOST_DAMAGED,         /* 丢件/破损 */
  SD_CASE_COMPLAINT,            /* 投诉 */
  SD_CASE_OTHER,                /* 其他 */
  SD_CASE_TYPE_N
} SdCaseType;

typedef enum
{
  SD_CASE_NEW,
  SD_CASE_IN_PROGRESS,
  SD_CASE_WAITING_BUYER,
  SD_CASE_WAITING_COURIER,
  SD_CASE_RESOLVED,
  SD_CASE_CLOSED,
  SD_CASE_STATE_N
} SdCaseState;

/* One bit a state, for a filter's set of states. */
#define SD_CASE_STATE_BIT(s) (1u << (s))
/* new, in progress and both waiting states: what still needs work. */
#define SD_CASE_STATES_OPEN \
  (SD_CASE_STATE_BIT (SD_CASE_NEW) | SD_CASE_STATE_BIT (SD_CASE_IN_PROGRESS) | \
   SD_CASE_STATE_BIT (SD_CASE_WAITING_BUYER) | SD_CASE_STATE_BIT (SD_CASE_WAITING_COURIER))

typedef enum
{
  SD_CASE_EVENT_OPENED,         /* text: the first note */
  SD_CASE_EVENT_STATE,          /* from/to: the state ids */
  SD_CASE_EVENT_NOTE,           /* text */
  SD_CASE_EVENT_ASSIGNED,       /* from/to: the handlers' display names ("" none) */
  SD_CASE_EVENT_DEADLINE,       /* from/to: UTC seconds as text */
  SD_CASE_EVENT_EDITED,         /* from/to: the title */
  SD_CASE_EVENT_KIND_N
} SdCaseEventKind;

/* The ids stored and shown to scripts ("return_exchange", "in_progress", "note"). */
const char *sd_case_type_to_string       (SdCaseType       type);
gboolean    sd_case_type_from_string     (const char      *text,
                                          SdCaseType      *out_type);
/* Translated, for people ("Return or exchange"). */
const char *sd_case_type_describe        (SdCaseType       type);
/* As sd_case_type_from_string, else SD_ERROR_INVALID_INPUT naming TEXT and listing every
 * valid id: what a typed argument needs. */
gboolean    sd_case_type_parse           (const char      *text,
                                          SdCaseType      *out_type,
                                          GError         **error);

const char *sd_case_state_to_string      (SdCaseState      state);
gboolean    sd_case_state_from_string    (const char      *text,
                                          SdCaseState     *out_state);
const char *sd_case_state_describe       (SdCaseState      state);
gboolean    sd_case_state_parse          (const char      *text,
                                          SdCaseState     *out_state,
                                          GError         **error);

/* The moves a case may make (nothing ever goes back to new):
 *   new, in_progress, waiting_buyer, waiting_courier → each other (but new), resolved, closed
 *   resolved → in_progress (reopened) or closed
 *   closed   → nothing: closed is final.
 * A move to the state a case is in is no move and not allowed either. */
gboolean    sd_case_state_can_move       (SdCaseState      from,
                                          SdCaseState      to);

const char *sd_case_event_kind_to_string (SdCaseEventKind  kind);
gboolean    sd_case_event_kind_from_string (const char    *text,
                                          SdCaseEventKind *out_kind);

typedef struct
{
  gint64           id;
  gint64           case_id;
  gint64           at;             /* UTC seconds */
  gint64           staff_id;       /* who; 0: an account since removed */
  char            *staff_name;     /* their display name now ("" when removed) */
  SdCaseEventKind  kind;
  char            *from_value;
  char            *to_value;
  char            *text;
} SdCaseEvent;

void         sd_case_event_free  (SdCaseEvent *event);

typedef struct
{
  gint64       id;
  SdCaseType   type;
  SdCaseState  state;
  gint64       customer_id;
  char        *customer_nick;      /* for a list line; "" when the customer is gone */
  char        *customer_name;
  gint64       order_id;           /* 0: none */
  char        *order_ref;          /* the platform's order number, "" when none */
  gint64       conversation_id;    /* 0: none */
  char        *title;
  gint64       staff_id;           /* the handler; 0: nobody yet */
  char        *staff_name;         /* the handler's display name, "" when none */
  gint64       created_by;
  gint64       created_at;         /* UTC seconds, as every time here */
  gint64       updated_at;
  gint64       deadline_at;        /* created_at + the type's hours when it was opened */
  gint64       resolved_at;        /* set on entering resolved, kept when closed, 0 when reopened */
  gint64       closed_at;
  /* Not resolved or closed, and now > deadline_at (now: when it was read). */
  gboolean     overdue;
  GPtrArray   *events;             /* SdCaseEvent *, oldest first; NULL unless sd_cases_get */
} SdCase;

#define SD_TYPE_CASE (sd_case_get_type ())

GType        sd_case_get_type    (void) G_GNUC_CONST;
SdCase      *sd_case_new         (void);
SdCase      *sd_case_copy        (const SdCase *c);
void         sd_case_free        (SdCase       *c);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCase, sd_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCaseEvent, sd_case_event_free)

G_END_DECLS
