package nodegroup

// FirstGroupWarning is firstGroupWarning, for the external tests.
var FirstGroupWarning = firstGroupWarning
