/** A load balancer returns more 5XX responses, from its targets or itself. */
import { defineRule } from '../define';

export const elb5xxTroubleshoot = defineRule({
  id: 'elb-5xx-troubleshoot',
  name: 'Troubleshoot the load balancer 5XX responses',
  service: 'ELB',
  link: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html',
  weight: 0.55,
  anomalies: [{ namespace: 'AWS/ApplicationELB', metric: /^(HTTPCode_Target_5XX_Count|HTTPCode_ELB_5XX_Count|HTTPCode_ELB_502_Count|HTTPCode_ELB_503_Count|HTTPCode_ELB_504_Count)$/, direction: 'ABOVE' }],
  description:
    'Target 5XX come from the application (read its logs); ELB 502/503/504 mean no healthy target, connection resets or target timeouts. Enable access logs to see which targets answer with errors.',
});
