/** The logs show calls denied by IAM. */
import { defineLogRule } from '../log-rule';

export const iamLogAccessDenied = defineLogRule({
  id: 'iam-log-access-denied',
  name: 'Restore the permission the denied call needs',
  service: 'IAM',
  link: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
  weight: 0.9,
  pattern: /AccessDenied|not authorized to perform|UnauthorizedOperation|Forbidden/i,
  description:
    'A call is denied by IAM. Compare the role’s policies with the action and resource the log line names, restore the statement that was removed or narrowed (CloudTrail shows who changed it), and test with the IAM policy simulator.',
});
