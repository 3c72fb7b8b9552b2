"""Administrative units over time: the official lists, matching a name as offices write it,
naming a unit in a sentence, agencies, the cluster's member order, restating figures
across the reform, and the one view of a report year."""
