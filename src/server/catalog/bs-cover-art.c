/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-cover-art"

#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pangocairo.h>

#include "bs-cover-art.h"

/* Covers the project draws itself, so that no publisher's artwork is copied: a colour per
 * category, the title set large, the author at the foot. Safe to call from any thread. */

#define MARGIN 24
#define TITLE_TOP 78
#define TITLE_BOTTOM 330
#define MAX_TITLE_SIZE 42
#define MIN_TITLE_SIZE 17

typedef struct
{
  const char *category;
  guint32 rgb;
} CategoryColour;

static const CategoryColour category_colours[] = {
  { "Cookbooks", 0xb4472f },
  { "Database", 0x1d5a86 },
  { "Fairy Tales", 0x6d3a8c },
  { "Science Fiction", 0x12344f },
  { "Home Improvement", 0x2d6e48 },
  { "Cars", 0x3f4650 },
  { "Woodwork", 0x825326 },
};

/* Other categories get a stable colour from their name. */
static const guint32 spare_colours[] = {
  0x8c2f4f, 0x0f5f5c, 0x5a4a8a, 0x6b5b16, 0x2f4f8c, 0x7a3b1d,
};

static guint32
colour_for_category (const char *category)
{
  for (guint i = 0; i < G_N_ELEMENTS (category_colours); i++)
    if (g_strcmp0 (category, category_colours[i].category) == 0)
      return category_colours[i].rgb;
  return spare_colours[g_str_hash (category != NULL ? category : "") % G_N_ELEMENTS (spare_colours)];
}

static void
set_source_rgb_scaled (cairo_t *cr,
                       guint32  rgb,
                       double   scale)
{
  cairo_set_source_rgb (cr,
                        MIN (1.0, ((rgb >> 16) & 0xff) / 255.0 * scale),
                        MIN (1.0, ((rgb >> 8) & 0xff) / 255.0 * scale),
                        MIN (1.0, (rgb & 0xff) / 255.0 * scale));
}

static void
paint_background (cairo_t *cr,
                  guint32  rgb)
{
  cairo_pattern_t *gradient = cairo_pattern_create_linear (0, 0, 0, BS_COVER_ART_HEIGHT);
  double r = ((rgb >> 16) & 0xff) / 255.0;
  double g = ((rgb >> 8) & 0xff) / 255.0;
  double b = (rgb & 0xff) / 255.0;

  cairo_pattern_add_color_stop_rgb (gradient, 0, MIN (1, r * 1.15), MIN (1, g * 1.15),
                                    MIN (1, b * 1.15));
  cairo_pattern_add_color_stop_rgb (gradient, 1, r * 0.8, g * 0.8, b * 0.8);
  cairo_set_source (cr, gradient);
  cairo_paint (cr);
  cairo_pattern_destroy (gradient);

  /* A darker foot band for the author, and a spine shadow on the left edge. */
  set_source_rgb_scaled (cr, rgb, 0.55);
  cairo_rectangle (cr, 0, 370, BS_COVER_ART_WIDTH, BS_COVER_ART_HEIGHT - 370);
  cairo_fill (cr);

  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_rectangle (cr, 0, 0, 8, BS_COVER_ART_HEIGHT);
  cairo_fill (cr);
}

static PangoLayout *
create_text_layout (cairo_t    *cr,
                    const char *family,
                    PangoWeight weight,
                    int         pixel_size,
                    const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, family);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_absolute_size (font, pixel_size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (BS_COVER_ART_WIDTH - 2 * MARGIN) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

/* The largest size at which the whole title fits its box; long titles end in an ellipsis
 * at the smallest size. */
static PangoLayout *
fit_title (cairo_t    *cr,
           const char *title)
{
  const int box_height = TITLE_BOTTOM - TITLE_TOP;

  for (int size = MAX_TITLE_SIZE; size >= MIN_TITLE_SIZE; size -= 2)
    {
      PangoLayout *layout = create_text_layout (cr, "Cantarell", PANGO_WEIGHT_HEAVY, size, title);
      int height;

      pango_layout_set_line_spacing (layout, 1.05f);
      pango_layout_get_pixel_size (layout, NULL, &height);
      if (height <= box_height || size - 2 < MIN_TITLE_SIZE)
        {
          pango_layout_set_height (layout, box_height * PANGO_SCALE);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          return layout;
        }
      g_object_unref (layout);
    }
  g_assert_not_reached ();
}

static void
draw_text (cairo_t     *cr,
           guint32      rgb,
           const char  *title,
           const char  *author,
           const char  *category)
{
  g_autoptr(PangoLayout) kicker = NULL;
  g_autoptr(PangoLayout) title_layout = NULL;
  g_autoptr(PangoLayout) author_layout = NULL;
  g_autofree char *kicker_text = g_utf8_strup (category != NULL ? category : "", -1);
  PangoAttrList *spacing = pango_attr_list_new ();
  int author_height;

  kicker = create_text_layout (cr, "Cantarell", PANGO_WEIGHT_BOLD, 13, kicker_text);
  pango_attr_list_insert (spacing, pango_attr_letter_spacing_new (2 * PANGO_SCALE));
  pango_layout_set_attributes (kicker, spacing);
  pango_attr_list_unref (spacing);
  pango_layout_set_ellipsize (kicker, PANGO_ELLIPSIZE_END);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.75);
  cairo_move_to (cr, MARGIN, 36);
  pango_cairo_show_layout (cr, kicker);

  cairo_set_source_rgba (cr, 1, 1, 1, 0.6);
  cairo_rectangle (cr, MARGIN, 60, 40, 3);
  cairo_fill (cr);

  title_layout = fit_title (cr, title);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, MARGIN, TITLE_TOP);
  pango_cairo_show_layout (cr, title_layout);

  author_layout = create_text_layout (cr, "Cantarell", PANGO_WEIGHT_NORMAL, 18, author);
  pango_layout_set_height (author_layout, 2 * 24 * PANGO_SCALE);
  pango_layout_set_ellipsize (author_layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (author_layout, NULL, &author_height);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
  cairo_move_to (cr, MARGIN, 370 + (BS_COVER_ART_HEIGHT - 370 - author_height) / 2.0);
  pango_cairo_show_layout (cr, author_layout);
}

static cairo_status_t
append_to_array_cb (void                *closure,
                    const unsigned char *data,
                    unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
bs_cover_art_draw (const char  *title,
                   const char  *author,
                   const char  *category,
                   GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *png = g_byte_array_new ();
  guint32 rgb = colour_for_category (category);
  cairo_status_t status;

  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (author != NULL, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, BS_COVER_ART_WIDTH, BS_COVER_ART_HEIGHT);
  cr = cairo_create (surface);
  paint_background (cr, rgb);
  draw_text (cr, rgb, title, author, category);
  cairo_destroy (cr);

  status = cairo_surface_write_to_png_stream (surface, append_to_array_cb, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (png);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not draw a cover: %s",
                   cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}
