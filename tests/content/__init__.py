"""Quality gates over the real questionnaire files (issue 5): each test names the file, the
question or measure id and the problem, so that an author knows what to fix."""
