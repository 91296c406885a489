//! nn-data: every dataset of the course.
