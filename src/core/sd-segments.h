/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-condition.h"
#include "sd-customer-query.h"
#include "sd-export.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* A segment: a saved condition (sd-condition.h) with a name, e.g. 高价值老客 =
 * total_spent >= 500 and days_since_last_order <= 90 and tag = "老客". Who is in it is
 * worked out each time it is asked, from the customers as they are then.
 *
 * Reading (list, get, count, ids, query, export) needs customers.view; changing (create,
 * rename, set the condition, delete) needs tiers.manage, and each change is audited.
 * Customers come back masked, and exports say so, for an account without
 * customers.contact, exactly as the customer list and export do: a segment is only a
 * query over them. */

#define SD_SEGMENT_NAME_MAX_CHARS 40

typedef struct
{
  gint64  id;
  char   *name;
  char   *expression;   /* the condition's canonical text */
  gint64  created_at;   /* UTC seconds */
  gint64  updated_at;
  gint64  count;        /* customers in it when read with counts; -1: not counted */
} SdSegment;

#define SD_TYPE_SEGMENT (sd_segment_get_type ())

GType            sd_segment_get_type        (void) G_GNUC_CONST;
SdSegment       *sd_segment_new             (void);
SdSegment       *sd_segment_copy            (const SdSegment  *segment);
void             sd_segment_free            (SdSegment        *segment);
/* Its condition, parsed from its expression. */
SdCondition     *sd_segment_get_condition   (const SdSegment  *segment,
                                             GError          **error);

/* A new segment; its id. NAME has 1 to SD_SEGMENT_NAME_MAX_CHARS characters and no other
 * segment has it (SD_ERROR_CONFLICT); EXPRESSION must parse (SD_ERROR_INVALID_INPUT,
 * "at column N: …") and is stored in its canonical form. */
gint64           sd_segments_create         (SdSession        *session,
                                             const char       *name,
                                             const char       *expression,
                                             GError          **error);
gboolean         sd_segments_rename         (SdSession        *session,
                                             gint64            id,
                                             const char       *name,
                                             GError          **error);
gboolean         sd_segments_set_expression (SdSession        *session,
                                             gint64            id,
                                             const char       *expression,
                                             GError          **error);
gboolean         sd_segments_delete         (SdSession        *session,
                                             gint64            id,
                                             GError          **error);

/* Every segment by name; with WITH_COUNTS each one's count (one SQL count a segment). */
GPtrArray       *sd_segments_list           (SdSession        *session,
                                             gboolean          with_counts,
                                             GError          **error);   /* SdSegment * */
/* SD_ERROR_NOT_FOUND when there is none. */
SdSegment       *sd_segments_get            (SdSession        *session,
                                             gint64            id,
                                             GError          **error);
/* By name, or by id when NAME_OR_ID is a number no segment is named. */
SdSegment       *sd_segments_lookup         (SdSession        *session,
                                             const char       *name_or_id,
                                             GError          **error);

/* How many customers are in it now: one SQL count. -1 on an error. */
gint64           sd_segments_count          (SdSession        *session,
                                             gint64            id,
                                             GError          **error);
/* The same for a condition being typed (the builder's live count): SD_ERROR_INVALID_INPUT
 * with the column while it does not parse. */
gint64           sd_segments_count_expression (SdSession      *session,
                                               const char     *expression,
                                               GError        **error);
gint64           sd_segments_count_condition (SdSession       *session,
                                              const SdCondition *condition,
                                              GError        **error);

/* A customer query that selects the segment (in id order), for sd_customers_find,
 * sd_customers_list_ids, sd_customers_count or sd_export_customers; a search or sort
 * may be set on it as on any query. */
SdCustomerQuery *sd_segments_get_query      (SdSession        *session,
                                             gint64            id,
                                             GError          **error);
/* The ids of its customers, in id order. */
GArray          *sd_segments_list_ids       (SdSession        *session,
                                             gint64            id,
                                             GCancellable     *cancellable,
                                             GError          **error);
/* Adds (or removes) TAG on every customer in it, as sd_customers_tag_many() does (which
 * needs customers.edit); the ids whose tags changed. */
GArray          *sd_segments_tag            (SdSession        *session,
                                             gint64            id,
                                             const char       *tag,
                                             gboolean          add,
                                             GError          **error);
/* Its customers through sd_export_customers(): customers.export, masking and the export's
 * audit entry as for any export. */
gboolean         sd_segments_export         (SdSession        *session,
                                             gint64            id,
                                             SdExportFormat    format,
                                             GOutputStream    *stream,
                                             guint64          *out_count,
                                             GCancellable     *cancellable,
                                             GError          **error);
gboolean         sd_segments_export_to_path (SdSession        *session,
                                             gint64            id,
                                             SdExportFormat    format,
                                             const char       *path,
                                             guint64          *out_count,
                                             GCancellable     *cancellable,
                                             GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSegment, sd_segment_free)

G_END_DECLS
