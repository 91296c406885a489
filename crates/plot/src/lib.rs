//! nn-plot: the pictures of the course.
