/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-segments.h"
#include "sd-session.h"

G_BEGIN_DECLS

#define SD_TYPE_SEGMENT_EDITOR (sd_segment_editor_get_type ())
G_DECLARE_FINAL_TYPE (SdSegmentEditor, sd_segment_editor, SD, SEGMENT_EDITOR, AdwWindow)

/* The segment builder: a name, the condition (sd-condition-editor.h) and, as it is
 * edited, how many customers it selects, counted on a worker thread about 300 ms after
 * the last edit. Saving (tiers.manage) creates the segment, or renames and changes
 * SEGMENT; a name in use is shown at the name. Signal "saved" (gint64 id) after a save,
 * before the window closes. */
SdSegmentEditor *sd_segment_editor_new       (GtkWindow       *parent,
                                              SdSession       *session,
                                              const SdSegment *segment);
/* The live count shown: -1 while the condition is incomplete or a count is due or
 * under way. */
gint64           sd_segment_editor_get_count (SdSegmentEditor *self);
/* Whether a count is due or under way. */
gboolean         sd_segment_editor_get_busy  (SdSegmentEditor *self);

G_END_DECLS
