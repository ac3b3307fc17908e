// Client-side hint of the server's password policy (the server decides):
// at least 8 characters and at least 3 of 4 classes.
export function passwordClasses(pw: string): number {
  let n = 0
  if (/[a-z]/.test(pw)) n++
  if (/[A-Z]/.test(pw)) n++
  if (/[0-9]/.test(pw)) n++
  if (/[^a-zA-Z0-9]/.test(pw)) n++
  return n
}

export type PolicyProblem = 'tooShort' | 'classes' | null

export function checkPasswordPolicy(pw: string): PolicyProblem {
  if ([...pw].length < 8) return 'tooShort'
  if (passwordClasses(pw) < 3) return 'classes'
  return null
}
