/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       bs_gui_ensure_resources (void);
void       bs_gui_ensure_style     (void);
GSettings *bs_gui_settings_new     (void);
char      *bs_gui_format_date_time (GDateTime *date_time);
void       bs_gui_name_spin_buttons (GtkSpinButton *spin);
void       bs_gui_name_mnemonic_buttons (GtkWidget *root);
void       bs_gui_delay_spinners   (GtkWidget   *root);
void       bs_gui_name_drop_down_button (GtkDropDown *drop_down,
                                         const char  *name);

G_END_DECLS
