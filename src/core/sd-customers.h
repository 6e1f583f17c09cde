/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-customer-query.h"
#include "sd-customer.h"
#include "sd-order.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* The customer database as the GUI and the CLI use it. Every call acts as the session's
 * staff account. */
SdCustomer       *sd_customers_get              (SdSession              *session,
                                                 gint64                  id,
                                                 GError                **error);
GPtrArray        *sd_customers_get_orders       (SdSession              *session,
                                                 gint64                  customer_id,
                                                 GError                **error);
gboolean          sd_customers_validate         (SdCustomer             *customer,
                                                 const char            **out_field,
                                                 GError                **error);
gboolean          sd_customers_save             (SdSession              *session,
                                                 SdCustomer             *customer,
                                                 const char            **out_field,
                                                 GError                **error);
/* Saves MINE, the user's edit of BASE (the record as read), without losing what someone
 * else saved since BASE was read: what only one side changed is kept, the user's fields over
 * the stored record. A field both changed (even to the same value) is a conflict: nothing is
 * saved, SD_ERROR_STALE, and OUT_CONFLICTS names the fields ("name", "phone", "tags", …).
 * OUT_THEIRS gets the stored record when someone else had saved since BASE (else NULL),
 * saved or not. MINE takes the new version when saved. */
gboolean          sd_customers_save_edit        (SdSession              *session,
                                                 const SdCustomer       *base,
                                                 SdCustomer             *mine,
                                                 SdCustomer            **out_theirs,
                                                 GStrv                  *out_conflicts,
                                                 const char            **out_field,
                                                 GError                **error);
gboolean          sd_customers_add_note         (SdSession              *session,
                                                 gint64                  customer_id,
                                                 const char             *text,
                                                 gint64                 *out_note_id,
                                                 GError                **error);
gboolean          sd_customers_delete_note      (SdSession              *session,
                                                 gint64                  note_id,
                                                 GError                **error);
/* Puts a deleted note back as it was (text, author and time) under a new id: the undo
 * of sd_customers_delete_note. */
gboolean          sd_customers_restore_note     (SdSession              *session,
                                                 const SdNote           *note,
                                                 gint64                 *out_note_id,
                                                 GError                **error);
gboolean          sd_customers_add_tag          (SdSession              *session,
                                                 gint64                  customer_id,
                                                 const char             *tag,
                                                 GError                **error);
gboolean          sd_customers_remove_tag       (SdSession              *session,
                                                 gint64                  customer_id,
                                                 const char             *tag,
                                                 GError                **error);
/* Adds (or removes) TAG on every one of IDS in one transaction; customers that are gone
 * are passed over. Returns the ids whose tags changed, for an undo. */
GArray           *sd_customers_tag_many         (SdSession              *session,
                                                 const gint64           *ids,
                                                 guint                   n_ids,
                                                 const char             *tag,
                                                 gboolean                add,
                                                 GError                **error);
GPtrArray        *sd_customers_list_tags        (SdSession              *session,
                                                 GError                **error);
gboolean          sd_customers_set_sms_opt_out  (SdSession              *session,
                                                 gint64                  customer_id,
                                                 gboolean                opted_out,
                                                 const char             *reason,
                                                 GError                **error);
SdCustomer       *sd_customers_preview_merge    (SdSession              *session,
                                                 gint64                  keep_id,
                                                 gint64                  other_id,
                                                 GError                **error);
/* Deletes the customer with their orders, tags and notes; needs customers.merge. */
gboolean          sd_customers_delete           (SdSession              *session,
                                                 gint64                  id,
                                                 GError                **error);
/* Merges OTHER_ID into KEEP_ID in one transaction: the kept customer's values win, what
 * it lacks comes from the other; the other's orders, notes, tags, conversations, cases and
 * campaign history move over (in a campaign both were in, the row furthest along is kept). Kept out of SMS when
 * either was: the shop's block, an opt-out, or the other's number opted out (sms_optouts)
 * when the kept customer keeps a number of their own; their queued messages are withdrawn.
 * Needs customers.merge; audited. */
gboolean          sd_customers_merge            (SdSession              *session,
                                                 gint64                  keep_id,
                                                 gint64                  other_id,
                                                 GError                **error);
GPtrArray        *sd_customers_find             (SdSession              *session,
                                                 const SdCustomerQuery  *query,
                                                 const SdCustomerCursor *after,
                                                 guint                   limit,
                                                 GError                **error);
/* The ids of every customer the query matches, in its order: what a list that scrolls
 * to any position pages from (8 bytes a customer). Cancelling stops the query mid-way
 * with G_IO_ERROR_CANCELLED. */
GArray           *sd_customers_list_ids         (SdSession              *session,
                                                 const SdCustomerQuery  *query,
                                                 GCancellable           *cancellable,
                                                 GError                **error);
/* These customers, without tags or notes, in the order given; a customer that no longer
 * exists is NULL in its place. */
GPtrArray        *sd_customers_get_many         (SdSession              *session,
                                                 const gint64           *ids,
                                                 guint                   n_ids,
                                                 GError                **error);
SdCustomerCursor *sd_customers_cursor_after     (const SdCustomerQuery  *query,
                                                 const SdCustomer       *last);
gint64            sd_customers_count            (SdSession              *session,
                                                 const SdCustomerQuery  *query,
                                                 GError                **error);
gboolean          sd_customers_rebuild_aggregates (SdSession            *session,
                                                   GError              **error);
gint64            sd_customers_count_orders     (SdSession              *session);

G_END_DECLS
