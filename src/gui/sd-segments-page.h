/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_SEGMENTS_PAGE (sd_segments_page_get_type ())
G_DECLARE_FINAL_TYPE (SdSegmentsPage, sd_segments_page, SD, SEGMENTS_PAGE, AdwBin)

/* The shop's saved segments (sd-segments.h): each with its condition in words, how many
 * customers it holds now (counted on a worker thread after the list shows, one segment
 * after the other) and when it was changed; "New Segment" and, per segment, Show
 * Customers, Export, Add Tag to All, Edit, Rename and Delete, each offered only to an
 * account that may do it. Needs customers.view. */
GtkWidget *sd_segments_page_new          (void);
/* The account the page acts as; NULL clears the page. */
void       sd_segments_page_set_session  (SdSegmentsPage *self,
                                          SdSession      *session);
void       sd_segments_page_set_folded   (SdSegmentsPage *self,
                                          gboolean        folded);
/* Reads the segments again and counts them. */
void       sd_segments_page_reload       (SdSegmentsPage *self);
/* Segments listed now. */
guint      sd_segments_page_get_n_segments (SdSegmentsPage *self);
/* The count shown for segment ID; -1 while not counted (or not listed). */
gint64     sd_segments_page_get_count    (SdSegmentsPage *self,
                                          gint64          id);
/* Whether counts, a tag or an export are under way. */
gboolean   sd_segments_page_get_busy     (SdSegmentsPage *self);

G_END_DECLS
