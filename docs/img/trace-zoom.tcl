# Zoom GTKWave to the whole trace (docs/img/README: the trace screenshot).
gtkwave::/Time/Zoom/Zoom_Full
