/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-case.h"
#include "sd-cases.h"
#include "sd-db-private.h"

G_BEGIN_DECLS

/* The SQL of after-sales cases, their events and case_deadlines (sd-case-store.c). */

/* The hours of TYPE's deadline. */
gboolean     _sd_case_store_deadline_hours (SdDb          *db,
                                            SdCaseType     type,
                                            int           *out_hours,
                                            GError       **error);
gboolean     _sd_case_store_set_deadline_hours (SdDb      *db,
                                            SdCaseType     type,
                                            int            hours,
                                            GError       **error);

/* That the customer, order (of that customer), conversation and handler of OPEN exist and
 * fit together; the errors name the one at fault. */
gboolean     _sd_case_store_check_links    (SdDb          *db,
                                            const SdCaseOpen *open,
                                            GError       **error);
/* That STAFF_ID is an active account (SD_ERROR_NOT_FOUND, SD_ERROR_INVALID_INPUT). */
gboolean     _sd_case_store_check_handler  (SdDb          *db,
                                            gint64         staff_id,
                                            GError       **error);
/* The id of the active account NAME (login, full name or id); 0 with SD_ERROR_NOT_FOUND. */
gint64       _sd_case_store_find_staff     (SdDb          *db,
                                            const char    *name,
                                            GError       **error);
/* A handler's display name ("" for 0 or a removed account). */
char        *_sd_case_store_staff_name     (SdDb          *db,
                                            gint64         staff_id);

/* Writes a new case from C (type, state, links, title, staff, created_by, times); its id. */
gint64       _sd_case_store_insert         (SdDb          *db,
                                            const SdCase  *c,
                                            GError       **error);
/* Inside a write transaction: holds case ID's row until it ends, so that another desktop's
 * change of it waits and then reads this one's (a team database's row lock; a shop file's
 * writer holds the whole file already). A missing case is not an error here. */
gboolean     _sd_case_store_lock           (SdDb          *db,
                                            gint64         id,
                                            GError       **error);
/* Saves the state, title, handler and times of C. */
gboolean     _sd_case_store_save           (SdDb          *db,
                                            const SdCase  *c,
                                            GError       **error);
gboolean     _sd_case_store_add_event      (SdDb          *db,
                                            gint64         case_id,
                                            gint64         at,
                                            gint64         staff_id,
                                            SdCaseEventKind kind,
                                            const char    *from_value,
                                            const char    *to_value,
                                            const char    *text,
                                            GError       **error);
/* Case ID as at NOW (its overdue flag), without events; READER not 0: only when READER
 * handles it or handled its conversation. SD_ERROR_NOT_FOUND otherwise. */
SdCase      *_sd_case_store_load           (SdDb          *db,
                                            gint64         id,
                                            gint64         now,
                                            gint64         reader,
                                            GError       **error);
GPtrArray   *_sd_case_store_events         (SdDb          *db,
                                            gint64         id,
                                            GError       **error);   /* SdCaseEvent * */
/* The page FILTER selects (filter->now and ->limit set by the caller); READER as in load. */
GPtrArray   *_sd_case_store_list           (SdDb          *db,
                                            const SdCaseFilter *filter,
                                            gint64         reader,
                                            GError       **error);   /* SdCase * */

G_END_DECLS
